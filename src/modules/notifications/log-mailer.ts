import { Logger } from '@nestjs/common';
import { Mailer, type MailMessage } from './mailer';

/**
 * The development outbox used when no SMTP server is configured: messages go to the log and the
 * last few stay in memory (tests read reset links from `outbox`). In production the body is not
 * logged, because it can carry single-use secrets such as reset links.
 */
export class LogMailer extends Mailer {
  static readonly OUTBOX_SIZE = 50;
  readonly outbox: MailMessage[] = [];
  private readonly logger = new Logger('Mailer');

  constructor(private readonly logBodies: boolean) {
    super();
  }

  send(message: MailMessage): Promise<void> {
    this.outbox.push({ ...message });
    if (this.outbox.length > LogMailer.OUTBOX_SIZE) {
      this.outbox.shift();
    }
    const mail = this.logBodies ? message : { to: message.to, subject: message.subject };
    this.logger.log({ mail }, 'E-mail written to the log outbox (SMTP not configured)');
    return Promise.resolve();
  }
}
