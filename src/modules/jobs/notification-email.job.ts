import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { EmailSenderService, type EmailSendResult } from '../notifications/email-sender.service';
import { JobLeaseService } from './job-lease.service';
import { PollingLeasedJob } from './leased-job';

export const NOTIFICATION_EMAIL_JOB = 'notification-emails';

/** Sends due notification e-mails every NOTIFICATION_EMAIL_POLL_MS, on one instance at a time. */
@Injectable()
export class NotificationEmailJob extends PollingLeasedJob<EmailSendResult> {
  constructor(
    leases: JobLeaseService,
    private readonly sender: EmailSenderService,
    config: AppConfig,
  ) {
    super(
      leases,
      {
        name: NOTIFICATION_EMAIL_JOB,
        label: 'Notification e-mails',
        idle: { sent: 0, skipped: 0, failed: 0 },
        summary: ({ sent, skipped, failed }) =>
          sent + skipped + failed > 0 ? `${sent} sent, ${skipped} skipped, ${failed} failed` : null,
      },
      { enabled: config.JOBS_ENABLED, everyMs: config.NOTIFICATION_EMAIL_POLL_MS },
    );
  }

  protected work(now: Date): Promise<EmailSendResult> {
    return this.sender.sendDue(now);
  }
}
