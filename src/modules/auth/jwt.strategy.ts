import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import passport from 'passport';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { AuthUser } from '../../common/auth/auth-user';

import { CommonErrorCode, commonError } from '../../common/errors/error-codes';
import { AccessTokenService, parseAccessClaims } from './access-token.service';
import { AuthService } from './auth.service';

/**
 * passport-jwt verifies the signature (HS256 only), expiry, issuer and audience; `validate`
 * then checks the claims' shape and that the session and the account are still live.
 *
 * passport keeps strategies in a process-wide registry. Each app instance registers its own
 * under a unique name (and removes it on shutdown), so two instances in one process, as the
 * multi-instance tests run them, never authenticate through each other's database connection.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) implements OnModuleDestroy {
  constructor(
    tokens: AccessTokenService,
    private readonly auth: AuthService,
  ) {
    const { secretOrKey, ...checks } = tokens.verification;
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      ignoreExpiration: false,
      ...checks,
      // passport-jwt hands the key to jsonwebtoken untouched, which takes a KeyObject (HS256
      // keys must be secret keys); the typings only list string | Buffer.
      secretOrKey: secretOrKey as unknown as Buffer,
    });
    passport.unuse(this.name);
    this.name = `jwt:${randomUUID()}`;
    passport.use(this.name, this);
  }

  onModuleDestroy(): void {
    passport.unuse(this.name);
  }

  validate(payload: unknown): Promise<AuthUser> {
    const claims = parseAccessClaims(payload);
    if (!claims) {
      throw commonError(CommonErrorCode.Unauthorized, 'Invalid access token');
    }
    return this.auth.authenticate(claims);
  }
}
