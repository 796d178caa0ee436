import { Injectable } from '@nestjs/common';

import { AppConfig } from '../../config/app-config';
import { AuthErrorCode, authError } from './auth.errors';
import { LoginFailuresRepository } from './login-failures.repository';
import { SessionsService } from './sessions.service';

const accountKey = (email: string): string => `acct:${email.trim().toLowerCase()}`;
const ipKey = (ip: string): string => `ip:${ip}`;

/**
 * Sliding-window limits on failed password checks, per account and per IP. Checked before the
 * password is verified, so a locked-out guesser learns nothing and burns no bcrypt time.
 */
@Injectable()
export class LoginAttemptsService {
  constructor(
    private readonly failures: LoginFailuresRepository,
    private readonly sessions: SessionsService,
    private readonly config: AppConfig,
  ) {}

  private get windowMs(): number {
    return this.config.LOGIN_FAILURE_WINDOW_MINUTES * 60_000;
  }

  /**
   * Throws 429 when the IP, or the account, has used up its failures in the window. The
   * account limit is waived for an IP the account signed in from recently, so an attacker
   * cannot lock the owner out of their usual devices.
   */
  async assertAllowed(email: string, ip: string, userId: string | null): Promise<void> {
    const now = Date.now();
    const since = new Date(now - this.windowMs);
    const [ipBlockedBy, accountBlockedBy] = await Promise.all([
      this.failures.nthMostRecentSince(ipKey(ip), since, this.config.LOGIN_MAX_FAILURES_PER_IP),
      this.failures.nthMostRecentSince(
        accountKey(email),
        since,
        this.config.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      ),
    ]);
    let blockedBy = ipBlockedBy;
    if (
      accountBlockedBy &&
      !(
        userId &&
        (await this.sessions.hasSignedInFrom(userId, ip, this.config.LOGIN_TRUSTED_IP_DAYS))
      )
    ) {
      blockedBy = blockedBy && blockedBy > accountBlockedBy ? blockedBy : accountBlockedBy;
    }
    if (blockedBy) {
      const retryAfterSeconds = Math.ceil((blockedBy.getTime() + this.windowMs - now) / 1000);
      throw authError(
        AuthErrorCode.TooManyLoginAttempts,
        'Too many failed sign-in attempts; try again later',
        undefined,
        Math.max(1, retryAfterSeconds),
      );
    }
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    const at = new Date();
    await this.failures.record(
      [accountKey(email), ipKey(ip)],
      at,
      new Date(at.getTime() + this.windowMs),
    );
  }

  /** Forgets the account's failures (after a successful password reset). */
  clearAccount(email: string): Promise<void> {
    return this.failures.clear(accountKey(email));
  }
}
