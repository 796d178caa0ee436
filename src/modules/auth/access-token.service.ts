import { Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { Role } from '../../common/auth/role.enum';
import { AppConfig } from '../../config/app-config';

/** Issuer and audience of every access token. */
export const TOKEN_ISSUER = 'docbook-api';
/**
 * Audience of session-bound tokens: for clients that never refresh, a token that lives as long
 * as its session. A distinct audience keeps them out of `Authorization: Bearer` (whose strategy
 * accepts only TOKEN_ISSUER), and keeps 15-minute access tokens out of where they are read.
 */
export const SESSION_TOKEN_AUDIENCE = 'docbook-api:session';

export interface AccessClaims {
  /** User id. */
  sub: string;
  role: Role;
  /** Session id: every request checks that this session is still live. */
  sid: string;
}

const OBJECT_ID = /^[0-9a-f]{24}$/;
const ROLES: ReadonlySet<string> = new Set(Object.values(Role));

/** Signs HS256 access tokens and tells the JWT strategy how to verify them. */
@Injectable()
export class AccessTokenService {
  private readonly logger = new Logger(AccessTokenService.name);
  private readonly secret: string;
  /**
   * The secret as a KeyObject for verification. Given a string, jsonwebtoken first tries it as
   * a PEM public key on every call and builds the secret key from the thrown failure: a
   * quarter of an authenticated request's CPU time. The same key, built once.
   */
  private readonly verifyKey: KeyObject;

  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {
    if (config.JWT_ACCESS_SECRET) {
      this.secret = config.JWT_ACCESS_SECRET;
    } else {
      // Configuration refuses to start production without a secret; elsewhere a random one
      // keeps a fresh clone working, at the price of tokens dying with the process.
      this.secret = randomBytes(48).toString('base64url');
      this.logger.warn(
        'JWT_ACCESS_SECRET is not set: using a random per-process secret (tokens do not survive a restart)',
      );
    }
    this.verifyKey = createSecretKey(Buffer.from(this.secret, 'utf8'));
  }

  get ttlSeconds(): number {
    return this.config.JWT_ACCESS_TTL_SECONDS;
  }

  sign(claims: AccessClaims): Promise<string> {
    return this.jwt.signAsync(
      { role: claims.role, sid: claims.sid },
      {
        secret: this.secret,
        algorithm: 'HS256',
        expiresIn: this.ttlSeconds,
        issuer: TOKEN_ISSUER,
        audience: TOKEN_ISSUER,
        subject: claims.sub,
      },
    );
  }

  /** A token for the session's whole life: it expires when the session does (or is revoked). */
  signSessionBound(claims: AccessClaims, sessionExpiresAt: Date): Promise<string> {
    const seconds = Math.max(1, Math.floor((sessionExpiresAt.getTime() - Date.now()) / 1000));
    return this.jwt.signAsync(
      { role: claims.role, sid: claims.sid },
      {
        secret: this.secret,
        algorithm: 'HS256',
        expiresIn: seconds,
        issuer: TOKEN_ISSUER,
        audience: SESSION_TOKEN_AUDIENCE,
        subject: claims.sub,
      },
    );
  }

  /** The claims of a valid session-bound token; null for anything else (expired, forged, ours of another kind). */
  async verifySessionBound(token: string): Promise<AccessClaims | null> {
    try {
      const payload: unknown = await this.jwt.verifyAsync(token, {
        secret: this.secret,
        algorithms: ['HS256'],
        issuer: TOKEN_ISSUER,
        audience: SESSION_TOKEN_AUDIENCE,
      });
      return parseAccessClaims(payload);
    } catch {
      return null;
    }
  }

  /** What passport-jwt needs to verify our tokens: HS256 only (no `none`, no key confusion). */
  get verification(): {
    secretOrKey: KeyObject;
    algorithms: ['HS256'];
    issuer: string;
    audience: string;
  } {
    return {
      secretOrKey: this.verifyKey,
      algorithms: ['HS256'],
      issuer: TOKEN_ISSUER,
      audience: TOKEN_ISSUER,
    };
  }
}

/** The claims of a verified token, or null when their shape is not ours. */
export function parseAccessClaims(payload: unknown): AccessClaims | null {
  if (typeof payload !== 'object' || payload === null) {
    return null;
  }
  const { sub, role, sid } = payload as Record<string, unknown>;
  if (
    typeof sub !== 'string' ||
    !OBJECT_ID.test(sub) ||
    typeof sid !== 'string' ||
    !OBJECT_ID.test(sid) ||
    typeof role !== 'string' ||
    !ROLES.has(role)
  ) {
    return null;
  }
  return { sub, role: role as Role, sid };
}
