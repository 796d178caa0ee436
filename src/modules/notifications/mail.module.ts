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

/**
 * The e-mail transport (SMTP when configured, otherwise a logged outbox). A module of its own,
 * early in FEATURE_MODULES, so auth can send reset codes while the notification pipeline
 * (NotificationsModule, which needs auth, doctors and appointments) comes late.
 */
@Module({
  providers: [{ provide: Mailer, inject: [AppConfig], useFactory: createMailer }],
  exports: [Mailer],
})
export class MailModule {}
