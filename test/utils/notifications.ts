import {
  EmailSenderService,
  type EmailSendResult,
} from '../../src/modules/notifications/email-sender.service';
import { drainOutbox } from './outbox';
import type { TestApp } from './test-app';

/**
 * What the relay and the e-mail job do within OUTBOX_POLL_MS and NOTIFICATION_EMAIL_POLL_MS:
 * delivers due outbox events (which write notifications and e-mails to send), then sends the
 * due e-mails.
 */
export async function drainNotifications(t: TestApp, now?: Date): Promise<EmailSendResult> {
  await drainOutbox(t, now);
  return t.get(EmailSenderService).sendDue(now);
}
