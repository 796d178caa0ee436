import { Logger, Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { LogMailer } from './log-mailer';
import { Mailer } from './mailer';
import { SmtpMailer } from './smtp-mailer';

function createMailer(config: AppConfig): Mailer {
  const logger = new Logger('Mailer');
  if (config.smtpConfigured) {
    logger.log(`E-mail is sent through SMTP at ${config.SMTP_HOST}:${config.SMTP_PORT}`);
    return new SmtpMailer(config);
  }
  logger.warn('SMTP_HOST is not set: e-mails are written to the log instead of being sent');
  return new LogMailer(!config.isProduction);
}

/** E-mail delivery (SMTP when configured, otherwise a logged outbox). */
@Module({
  providers: [{ provide: Mailer, inject: [AppConfig], useFactory: createMailer }],
  exports: [Mailer],
})
export class NotificationsModule {}
