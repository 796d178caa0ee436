import { Injectable } from '@nestjs/common';
import { Role } from '../../common/auth/role.enum';
import { attachCallerProfile, callerProfileFrom, type AuthUser } from '../../common/auth/auth-user';
import type { ClientInfo } from '../../common/decorators/client-info.decorator';
import { type AppError, isAppError } from '../../common/errors/app-error';
import { AccountStatus } from '../users/domain/account-status';
import type { UserAccount } from '../users/domain/user';
import { UsersService } from '../users/users.service';
import { AccessTokenService, type AccessClaims } from './access-token.service';
import { AuthErrorCode, authError } from './auth.errors';
import { toAuthTokens } from './auth.mapper';
import type { AuthTokensDto } from './dto/auth-tokens.dto';
import { LoginAttemptsService } from './login-attempts.service';
import { SessionsService } from './sessions.service';

/** A session-bound token and whose it is. */
export interface SessionBoundGrant {
  token: string;
  userId: string;
  role: Role;
  expiresAt: Date;
}

export interface Credentials {
  email: string;
  password: string;
}

const invalidCredentials = (): AppError =>
  authError(AuthErrorCode.InvalidCredentials, 'Invalid e-mail or password');

const accountSuspended = (): AppError =>
  authError(AuthErrorCode.AccountSuspended, 'This account is suspended');

const sessionEnded = (): AppError =>
  authError(AuthErrorCode.SessionRevoked, 'This session has ended; sign in again');

/** Sign-up, sign-in, token refresh, recovery and password change. */
@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly tokens: AccessTokenService,
    private readonly attempts: LoginAttemptsService,
  ) {}

  async register(
    input: Credentials & { name: string },
    client: ClientInfo,
  ): Promise<AuthTokensDto> {
    const user = await this.users.createAccount(input, Role.Patient);
    return this.issue(user, client);
  }

  async login(input: Credentials, client: ClientInfo): Promise<AuthTokensDto> {
    return this.issue(await this.checkCredentials(input, client), client);
  }

  /**
   * Sign-in for clients that never refresh (the Prescripto compatibility routes): the same
   * checks as `login` (lockout, throttling, bcrypt, status), for accounts of the given roles
   * only, and one token that lives exactly as long as the new session. Another role's account
   * is refused like wrong credentials.
   */
  async loginSessionBound(
    input: Credentials,
    client: ClientInfo,
    roles: readonly Role[],
  ): Promise<SessionBoundGrant> {
    const user = await this.checkCredentials(input, client);
    if (!roles.includes(user.role)) {
      throw invalidCredentials();
    }
    return this.issueSessionBound(user, client);
  }

  /** Registration of a patient, answered with a session-bound token (see loginSessionBound). */
  async registerSessionBound(
    input: Credentials & { name: string },
    client: ClientInfo,
  ): Promise<SessionBoundGrant> {
    const user = await this.users.createAccount(input, Role.Patient);
    return this.issueSessionBound(user, client);
  }

  /**
   * The caller of a session-bound token, checked like an access token on every request (live
   * session, active account, role from the database); null when the token is not a valid
   * session-bound token.
   */
  async authenticateSessionBound(token: string): Promise<AuthUser | null> {
    const claims = await this.tokens.verifySessionBound(token);
    return claims ? this.authenticate(claims) : null;
  }

  private async checkCredentials(input: Credentials, client: ClientInfo): Promise<UserAccount> {
    const user = await this.users.findByEmail(input.email);
    await this.attempts.assertAllowed(input.email, client.ip, user?._id.toHexString() ?? null);
    // Unknown e-mails still pay for a bcrypt comparison, so timing does not reveal accounts.
    const ok = await this.users.verifyPassword(user, input.password);
    if (!user || !ok) {
      await this.attempts.recordFailure(input.email, client.ip);
      throw invalidCredentials();
    }
    // Status is revealed only to someone who knows the password.
    if (user.status === AccountStatus.Suspended) {
      throw accountSuspended();
    }
    if (user.status === AccountStatus.Deleted) {
      const recoverable = Boolean(user.purgeAfter && new Date(user.purgeAfter) > new Date());
      throw authError(
        AuthErrorCode.InvalidCredentials,
        recoverable
          ? 'This account was deleted; it can be restored with POST /auth/recover'
          : 'Invalid e-mail or password',
        recoverable
          ? { recoverable: true, recoverableUntil: new Date(user.purgeAfter as Date).toISOString() }
          : undefined,
      );
    }
    return user;
  }

  /** Restores a deleted account within its recovery window and signs it in. */
  async recover(input: Credentials, client: ClientInfo): Promise<AuthTokensDto> {
    const existing = await this.users.findByEmail(input.email);
    await this.attempts.assertAllowed(input.email, client.ip, existing?._id.toHexString() ?? null);
    try {
      const user = await this.users.recoverDeleted(input.email, input.password);
      return await this.issue(user, client);
    } catch (err) {
      if (isAppError(err) && err.code === AuthErrorCode.InvalidCredentials) {
        await this.attempts.recordFailure(input.email, client.ip);
      }
      throw err;
    }
  }

  async refresh(refreshToken: string): Promise<AuthTokensDto> {
    const { session, refreshToken: next } = await this.sessions.rotate(refreshToken);
    const userId = session.userId.toHexString();
    const user = await this.users.findById(userId);
    if (!user || user.status !== AccountStatus.Active) {
      await this.sessions.revoke(session._id.toHexString(), 'deactivated');
      if (user?.status === AccountStatus.Suspended) {
        throw accountSuspended();
      }
      throw sessionEnded();
    }
    const accessToken = await this.tokens.sign({
      sub: userId,
      role: user.role,
      sid: session._id.toHexString(),
    });
    return toAuthTokens(user, accessToken, next, this.tokens.ttlSeconds);
  }

  /**
   * Changes the caller's password. A wrong current password is a 422 (not 401) so clients do
   * not mistake it for an expired session; it counts as a failed sign-in.
   */
  async changePassword(
    caller: AuthUser,
    currentPassword: string,
    newPassword: string,
    client: ClientInfo,
  ): Promise<void> {
    const user = await this.users.getById(caller.id);
    await this.attempts.assertAllowed(user.email, client.ip, caller.id);
    if (!(await this.users.verifyPassword(user, currentPassword))) {
      await this.attempts.recordFailure(user.email, client.ip);
      throw authError(AuthErrorCode.WrongPassword, 'Current password is incorrect');
    }
    await this.users.setPassword(caller.id, newPassword);
    await this.sessions.revokeAll(caller.id, 'password_change', caller.sessionId);
  }

  /**
   * Resolves the caller of a verified token: its session must be live and its user active. Runs
   * on every request so that logout, suspension, deletion, role changes and a completed password
   * change take effect immediately, not at token expiry.
   */
  async authenticate(claims: AccessClaims): Promise<AuthUser> {
    const [identity, live] = await Promise.all([
      this.users.findIdentity(claims.sub),
      this.sessions.isLive(claims.sid, claims.sub),
    ]);
    // Suspension is reported as such (the token proves who the caller is), even though the
    // suspension also revoked the session.
    if (identity?.status === AccountStatus.Suspended) {
      throw accountSuspended();
    }
    if (!identity || identity.status !== AccountStatus.Active || !live) {
      throw sessionEnded();
    }
    // The role comes from the database, not the token, so a role change applies at once.
    return attachCallerProfile(
      {
        id: claims.sub,
        role: identity.role,
        sessionId: claims.sid,
        email: identity.email,
        passwordChangeRequired: identity.mustChangePassword === true,
      },
      callerProfileFrom(identity),
    );
  }

  private async issueSessionBound(
    user: UserAccount,
    client: ClientInfo,
  ): Promise<SessionBoundGrant> {
    const userId = user._id.toHexString();
    const { session } = await this.sessions.start(userId, client);
    const token = await this.tokens.signSessionBound(
      { sub: userId, role: user.role, sid: session._id.toHexString() },
      session.expiresAt,
    );
    return { token, userId, role: user.role, expiresAt: session.expiresAt };
  }

  private async issue(user: UserAccount, client: ClientInfo): Promise<AuthTokensDto> {
    const userId = user._id.toHexString();
    const { session, refreshToken } = await this.sessions.start(userId, client);
    const accessToken = await this.tokens.sign({
      sub: userId,
      role: user.role,
      sid: session._id.toHexString(),
    });
    return toAuthTokens(user, accessToken, refreshToken, this.tokens.ttlSeconds);
  }
}
