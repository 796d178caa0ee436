import {
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { EmailSenderService, type EmailSendResult } from '../notifications/email-sender.service';
import { JobLeaseService } from './job-lease.service';
import { LeasedJob } from './leased-job';

export const NOTIFICATION_EMAIL_JOB = 'notification-emails';

/** Sends due notification e-mails every NOTIFICATION_EMAIL_POLL_MS, on one instance at a time. */
@Injectable()
export class NotificationEmailJob
  extends LeasedJob<EmailSendResult>
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<unknown> | null = null;

  constructor(
    leases: JobLeaseService,
    private readonly sender: EmailSenderService,
    private readonly config: AppConfig,
  ) {
    super(leases, {
      name: NOTIFICATION_EMAIL_JOB,
      label: 'Notification e-mails',
      idle: { sent: 0, skipped: 0, failed: 0 },
      summary: ({ sent, skipped, failed }) =>
        sent + skipped + failed > 0 ? `${sent} sent, ${skipped} skipped, ${failed} failed` : null,
    });
  }

  onApplicationBootstrap(): void {
    if (!this.config.JOBS_ENABLED) {
      return;
    }
    this.timer = setInterval(() => this.tick(), this.config.NOTIFICATION_EMAIL_POLL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) {
      clearInterval(this.timer);
    }
    this.timer = null;
    await this.inFlight;
  }

  protected work(now: Date): Promise<EmailSendResult> {
    return this.sender.sendDue(now);
  }

  private tick(): void {
    if (this.inFlight) {
      return;
    }
    this.inFlight = this.scheduled().finally(() => {
      this.inFlight = null;
    });
  }
}
