import { Injectable, Logger } from '@nestjs/common';
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { afterFailure } from '../outbox/domain/backoff';
import { PasswordResetService } from '../auth/password-reset.service';
import { UsersService } from '../users/users.service';
import { AccountStatus } from '../users/domain/account-status';
import { NOTIFICATION_TARGETS } from './domain/notification-types';
import { buildInvite, renderEmail } from './domain/render';
import { Mailer, type MailMessage } from './mailer';
import { NotificationPipelineService, zoneFor } from './notification-pipeline.service';
import { NotificationsRepository, type EmailDeliveryRecord } from './notifications.repository';

export interface EmailSendResult {
  sent: number;
  skipped: number;
  failed: number;
}

const CLAIM_SECONDS = 60;
const MAX_ERROR_LENGTH = 300;

/**
 * Sends the e-mails the pipeline wrote, one claimed row at a time (several instances may run it):
 * rendered at send time from the event in the recipient's zone, with the row's deterministic
 * Message-ID. An SMTP failure is retried with the outbox's backoff until OUTBOX_MAX_ATTEMPTS,
 * then the row is dead. A reminder is checked once more just before it goes out.
 */
@Injectable()
export class EmailSenderService {
  private readonly logger = new Logger(EmailSenderService.name);

  constructor(
    private readonly repo: NotificationsRepository,
    private readonly pipeline: NotificationPipelineService,
    private readonly users: UsersService,
    private readonly mailer: Mailer,
    private readonly resets: PasswordResetService,
    private readonly config: AppConfig,
  ) {}

  async sendDue(now: Date = new Date()): Promise<EmailSendResult> {
    const result: EmailSendResult = { sent: 0, skipped: 0, failed: 0 };
    for (;;) {
      const claim = randomUUID();
      const row = await this.repo.claimDueEmail(
        now,
        new Date(now.getTime() + CLAIM_SECONDS * 1000),
        claim,
      );
      if (!row) {
        return result;
      }
      result[await this.sendOne(row, claim, now)] += 1;
    }
  }

  private async sendOne(
    row: EmailDeliveryRecord,
    claim: string,
    now: Date,
  ): Promise<keyof EmailSendResult> {
    const target = NOTIFICATION_TARGETS.get(row.type);
    const user = await this.users.findById(row.userId.toHexString());
    const skip = async (reason: string) => {
      await this.repo.finishEmail(row._id, claim, { status: 'skipped', skipReason: reason });
      return 'skipped' as const;
    };
    if (!target?.emailContent) {
      return skip('unknown_type');
    }
    if (!user || user.status !== AccountStatus.Active) {
      return skip('recipient_inactive');
    }
    if (target.recheck === 'appointment-start' && !(await this.pipeline.stillDue(row.payload))) {
      // Freed key: should the appointment return to this time, its next reminder may be sent.
      await this.repo.releaseSkipped(row, claim, 'appointment_changed');
      return 'skipped';
    }
    const payload = row.payload as { timezone?: unknown; occurredAt?: Date };
    const ctx = this.pipeline.renderContext(
      zoneFor(user, payload.timezone),
      new Date(payload.occurredAt ?? row.createdAt),
    );
    if (target.link === 'set-password') {
      // Issued per attempt and never stored: a retried e-mail carries a fresh, working link.
      ctx.setPasswordUrl = await this.resets.issueSetPasswordLink(row.userId.toHexString());
    }
    const content = target.emailContent(row.payload, ctx);
    const unsubscribe =
      target.email === 'optional' ? this.unsubscribeUrl(row.userId.toHexString(), row.type) : null;
    const rendered = renderEmail(content, unsubscribe);
    const message: MailMessage = {
      to: user.email,
      ...rendered,
      messageId: row.messageId,
      headers: unsubscribe
        ? {
            'List-Unsubscribe': `<${unsubscribe}>`,
            'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          }
        : undefined,
      calendar: content.invite
        ? {
            filename: 'appointment.ics',
            method: content.invite.method,
            content: buildInvite({ ...content.invite, stamp: ctx.occurredAt, domain: ctx.domain }),
          }
        : undefined,
    };
    try {
      await this.mailer.send(message);
    } catch (err) {
      const error = (err instanceof Error ? err.message : String(err)).slice(0, MAX_ERROR_LENGTH);
      const outcome = afterFailure(row.attempts, this.config.OUTBOX_MAX_ATTEMPTS, now);
      await this.repo.finishEmail(
        row._id,
        claim,
        outcome.status === 'dead'
          ? { status: 'dead', lastError: error }
          : { status: 'pending', nextAttemptAt: outcome.nextAttemptAt, lastError: error },
      );
      this.logger.warn(
        `E-mail ${row._id.toHexString()} (${row.type}) failed, attempt ${row.attempts}: ${error}`,
      );
      return 'failed';
    }
    await this.repo.finishEmail(row._id, claim, { status: 'sent', sentAt: new Date() });
    return 'sent';
  }

  /** A link that switches this type's e-mails off for this user, without signing in. */
  unsubscribeUrl(userId: string, type: string): string {
    const base = this.config.PUBLIC_BASE_URL.replace(/\/$/, '');
    return `${base}/api/v1/notifications/unsubscribe?token=${this.unsubscribeToken(userId, type)}`;
  }

  unsubscribeToken(userId: string, type: string): string {
    const body = Buffer.from(`${userId}.${type}`).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  /** The (user, type) a token names, or null when it was not signed by us. */
  readUnsubscribeToken(token: string): { userId: string; type: string } | null {
    const [body, mac] = token.split('.');
    if (!body || !mac) {
      return null;
    }
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      return null;
    }
    const [userId, type] = Buffer.from(body, 'base64url').toString('utf8').split('.');
    return userId && type ? { userId, type } : null;
  }

  private sign(body: string): string {
    return createHmac('sha256', this.config.JWT_ACCESS_SECRET ?? '')
      .update(`unsubscribe:${body}`)
      .digest('base64url');
  }
}
