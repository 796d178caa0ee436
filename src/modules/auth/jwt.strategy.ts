import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { AuthUser } from '../../common/auth/role.enum';
import { unauthenticated } from '../../common/errors/app-error';
import { CommonErrorCode } from '../../common/errors/error-codes';
import { AccessTokenService, parseAccessClaims } from './access-token.service';
import { AuthService } from './auth.service';

/**
 * passport-jwt verifies the signature (HS256 only), expiry, issuer and audience; `validate`
 * then checks the claims' shape and that the session and the account are still live.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    tokens: AccessTokenService,
    private readonly auth: AuthService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      ignoreExpiration: false,
      ...tokens.verification,
    });
  }

  validate(payload: unknown): Promise<AuthUser> {
    const claims = parseAccessClaims(payload);
    if (!claims) throw unauthenticated(CommonErrorCode.Unauthorized, 'Invalid access token');
    return this.auth.authenticate(claims);
  }
}
