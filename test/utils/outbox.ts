import { randomBytes } from 'node:crypto';
import type { DomainEventMap, OutboxEventName } from '../../src/common/events/domain-events';
import { TransactionRunner } from '../../src/database/transaction-runner';
import { OutboxService, type DrainResult } from '../../src/modules/outbox/outbox.service';
import type { TestApp } from './test-app';

/**
 * Delivers every outbox event due now (what the relay does every OUTBOX_POLL_MS), so a test can
 * assert the effects of handlers right after the request that published the event.
 */
export function drainOutbox(t: TestApp, now?: Date): Promise<DrainResult> {
  return t.get(OutboxService).drain({ now });
}

/** Publishes an event as its producer would (in a transaction), then delivers it. */
export async function publishAndDrain<N extends OutboxEventName>(
  t: TestApp,
  name: N,
  payload: DomainEventMap[N],
): Promise<void> {
  await t
    .get(TransactionRunner)
    .run((session) => t.get(OutboxService).publish(session, name, payload));
  await drainOutbox(t);
}

export interface RecordedEvent {
  name: OutboxEventName;
  payload: unknown;
}

/**
 * Records the given outbox events as a handler receives them (so, once drained), in order, into
 * `into` (a fresh array by default).
 */
export function recordOutboxEvents(
  t: TestApp,
  names: OutboxEventName[],
  into: RecordedEvent[] = [],
): RecordedEvent[] {
  const outbox = t.get(OutboxService);
  const id = randomBytes(4).toString('hex');
  for (const name of names) {
    outbox.subscribe(name, `test.record.${name}.${id}`, async (payload) => {
      into.push({ name, payload: { ...payload } });
    });
  }
  return into;
}
