import { Injectable } from '@nestjs/common';
import { Types } from 'mongoose';
import type { ClientInfo } from '../../common/decorators/client-info.decorator';

import { AppConfig } from '../../config/app-config';
import { AuthErrorCode, authError } from './auth.errors';
import type { SessionRevokeReason } from './schemas/session.schema';
import { SessionRecord, SessionsRepository } from './sessions.repository';
import { hashToken, randomToken } from './token-hash';

const DAY_MS = 86_400_000;
const REFRESH_TOKEN = /^([0-9a-f]{24})\.([A-Za-z0-9_-]{43})$/;

export interface IssuedSession {
  session: SessionRecord;
  /** `<sessionId>.<secret>`; only the secret's hash is stored. */
  refreshToken: string;
}

/** Sign-in sessions: creation, refresh-token rotation with reuse detection, revocation. */
@Injectable()
export class SessionsService {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly config: AppConfig,
  ) {}

  private expiryFrom(now: Date): Date {
    return new Date(now.getTime() + this.config.REFRESH_TOKEN_TTL_DAYS * DAY_MS);
  }

  async start(userId: string, client: ClientInfo): Promise<IssuedSession> {
    const now = new Date();
    const id = new Types.ObjectId();
    const secret = randomToken();
    const session = await this.sessions.create({
      _id: id,
      userId,
      tokenHash: hashToken(secret),
      userAgent: client.userAgent,
      ip: client.ip,
      now,
      expiresAt: this.expiryFrom(now),
    });
    return { session, refreshToken: `${id.toHexString()}.${secret}` };
  }

  /**
   * Exchanges a refresh token for a new one in one conditional update. A token that does not
   * match a live session's current hash is a replay of an already-rotated token (stolen, or
   * a lost race): the session is revoked so neither party can continue with it.
   */
  async rotate(refreshToken: string): Promise<IssuedSession> {
    const match = REFRESH_TOKEN.exec(refreshToken);
    if (!match) {
      throw invalidRefreshToken();
    }
    const [, id, secret] = match;
    const now = new Date();
    const nextSecret = randomToken();
    const session = await this.sessions.rotate(
      id,
      hashToken(secret),
      hashToken(nextSecret),
      now,
      this.expiryFrom(now),
    );
    if (session) {
      return { session, refreshToken: `${id}.${nextSecret}` };
    }

    const existing = await this.sessions.findById(id);
    if (!existing || existing.expiresAt <= now) {
      throw invalidRefreshToken();
    }
    if (existing.revokedAt) {
      throw authError(AuthErrorCode.SessionRevoked, 'This session has ended; sign in again');
    }
    await this.sessions.revoke(id, 'reuse', now);
    throw authError(
      AuthErrorCode.RefreshTokenReused,
      'Refresh token was already used; the session has been ended for safety',
    );
  }

  /** Whether the session exists, belongs to the user, and is neither revoked nor expired. */
  async isLive(sessionId: string, userId: string): Promise<boolean> {
    const state = await this.sessions.findState(sessionId);
    return Boolean(
      state &&
      state.userId.toHexString() === userId &&
      !state.revokedAt &&
      state.expiresAt > new Date(),
    );
  }

  async revoke(sessionId: string, reason: SessionRevokeReason): Promise<void> {
    await this.sessions.revoke(sessionId, reason, new Date());
  }

  /** Ends one of the user's own sessions; someone else's or an unknown id is a 404. */
  async revokeOwn(userId: string, sessionId: string): Promise<void> {
    const done = await this.sessions.revoke(sessionId, 'removed', new Date(), userId);
    if (!done) {
      throw authError(AuthErrorCode.SessionNotFound, 'Session not found');
    }
  }

  revokeAll(
    userId: string,
    reason: SessionRevokeReason,
    exceptSessionId?: string,
  ): Promise<number> {
    return this.sessions.revokeAllOfUser(userId, reason, new Date(), exceptSessionId);
  }

  /**
   * Ends the sessions that existed at `at`. For an account deactivated at `at`: a session opened
   * after a later reactivation survives a late delivery of the deactivation.
   */
  revokeAllOpenedBy(userId: string, reason: SessionRevokeReason, at: Date): Promise<number> {
    return this.sessions.revokeAllOfUser(userId, reason, new Date(), undefined, at);
  }

  listActive(userId: string): Promise<SessionRecord[]> {
    return this.sessions.findActiveOfUser(userId, new Date());
  }

  hasSignedInFrom(userId: string, ip: string, days: number): Promise<boolean> {
    const now = new Date();
    return this.sessions.hasSignedInFrom(userId, ip, new Date(now.getTime() - days * DAY_MS), now);
  }
}

const invalidRefreshToken = () =>
  authError(AuthErrorCode.InvalidRefreshToken, 'Invalid or expired refresh token');
