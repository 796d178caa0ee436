import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';

import { AppConfig } from '../../config/app-config';
import { Mailer } from '../notifications/mailer';
import { AccountStatus } from '../users/domain/account-status';
import { UsersService } from '../users/users.service';
import { AuthErrorCode, authError } from './auth.errors';
import { LoginAttemptsService } from './login-attempts.service';
import { PasswordResetsRepository } from './password-resets.repository';
import { SessionsService } from './sessions.service';
import { safeError } from '../../common/logging/safe-error';
import { hashToken, randomToken } from './token-hash';

/** Forgotten-password flow: single-use, expiring reset tokens delivered by e-mail. */
@Injectable()
export class PasswordResetService implements OnModuleDestroy {
  private readonly logger = new Logger(PasswordResetService.name);
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly resets: PasswordResetsRepository,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly attempts: LoginAttemptsService,
    private readonly mailer: Mailer,
    private readonly config: AppConfig,
  ) {}

  /**
   * Starts a reset in the background and returns at once: the response must look and take the
   * same whether or not the account exists, so no lookup happens on the request path.
   */
  requestReset(email: string): void {
    const task = this.sendResetLink(email).catch((err: unknown) => {
      this.logger.error({ err: safeError(err) }, 'Password reset e-mail could not be sent');
    });
    this.pending.add(task);
    void task.finally(() => this.pending.delete(task));
  }

  /** Lets in-flight reset e-mails finish before the database connection closes. */
  async onModuleDestroy(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  private async sendResetLink(email: string): Promise<void> {
    const user = await this.users.findByEmail(email);
    // Suspended and deleted accounts get nothing: a reset must not become a way back in.
    if (!user || user.status !== AccountStatus.Active) {
      return;
    }
    const token = randomToken();
    const now = new Date();
    const ttlMinutes = this.config.PASSWORD_RESET_TTL_MINUTES;
    await this.resets.create(
      user._id.toHexString(),
      hashToken(token),
      now,
      new Date(now.getTime() + ttlMinutes * 60_000),
    );
    const link = new URL(this.config.PASSWORD_RESET_URL);
    link.searchParams.set('token', token);
    await this.mailer.send({
      to: user.email,
      subject: 'Reset your DocBook password',
      text: [
        `Hello ${user.name},`,
        '',
        'Someone (hopefully you) asked to reset the password of your DocBook account.',
        `Open this link within ${ttlMinutes} minutes to choose a new password:`,
        link.toString(),
        '',
        `Or use this reset code: ${token}`,
        '',
        'If you did not ask for this, ignore this e-mail: your password stays the same.',
      ].join('\n'),
    });
  }

  /**
   * A set-password link for a new account (the welcome e-mail of an admin-created doctor): a
   * reset token living WELCOME_LINK_TTL_HOURS. Setting the password through it replaces the
   * initial one, which clears PASSWORD_CHANGE_REQUIRED like a change would.
   */
  async issueSetPasswordLink(userId: string, now: Date = new Date()): Promise<string> {
    const token = randomToken();
    await this.resets.create(
      userId,
      hashToken(token),
      now,
      new Date(now.getTime() + this.config.WELCOME_LINK_TTL_HOURS * 3_600_000),
    );
    const link = new URL(this.config.PASSWORD_RESET_URL);
    link.searchParams.set('token', token);
    return link.toString();
  }

  /**
   * Sets a new password with a reset token. The token is consumed by one conditional update,
   * so it works once even under concurrent use; every session ends and the account's failed
   * sign-in count is cleared.
   */
  async reset(token: string, newPassword: string): Promise<void> {
    const now = new Date();
    const record = await this.resets.consume(hashToken(token), now);
    const invalid = () =>
      authError(AuthErrorCode.InvalidResetToken, 'This reset link is invalid or has expired');
    if (!record) {
      throw invalid();
    }
    const userId = record.userId.toHexString();
    const identity = await this.users.findIdentity(userId);
    if (!identity || identity.status !== AccountStatus.Active) {
      throw invalid();
    }
    await this.users.setPassword(userId, newPassword);
    await Promise.all([
      this.sessions.revokeAll(userId, 'password_reset'),
      this.resets.invalidateAllOfUser(userId, now),
      this.attempts.clearAccount(identity.email),
    ]);
  }
}
