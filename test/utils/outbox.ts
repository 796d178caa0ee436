import { OutboxService, type DrainResult } from '../../src/modules/outbox/outbox.service';
import type { TestApp } from './test-app';

/**
 * Delivers every outbox event due now (what the relay does every OUTBOX_POLL_MS), so a test can
 * assert the effects of handlers right after the request that published the event.
 */
export function drainOutbox(t: TestApp, now?: Date): Promise<DrainResult> {
  return t.get(OutboxService).drain({ now });
}
