import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import passport from 'passport';
import type { AuthUser } from '../../../common/auth/auth-user';
import { Public } from '../../../common/decorators/public.decorator';

import { CommonErrorCode, commonError } from '../../../common/errors/error-codes';
import { AuthErrorCode, authError } from '../auth.errors';
import { JwtStrategy } from '../jwt.strategy';
import { GuardDenials } from './guard-denials';

const MAX_HEADER_LENGTH = 4096;

/**
 * Global, deny-by-default authentication through this app's passport-jwt strategy: every route
 * needs a valid access token for a live session of an active user unless it is `@Public()`.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly strategy: JwtStrategy,
    private readonly denials: GuardDenials,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride(Public, [ctx.getHandler(), ctx.getClass()])) {
      return true;
    }
    const http = ctx.switchToHttp();
    const req = http.getRequest<Request & { user?: AuthUser }>();
    const header = req.headers.authorization;
    if (!header) {
      return this.denials.refuse(
        ctx,
        null,
        commonError(CommonErrorCode.Unauthorized, 'Authentication required'),
      );
    }
    if (header.length > MAX_HEADER_LENGTH) {
      return this.denials.refuse(
        ctx,
        null,
        commonError(CommonErrorCode.Unauthorized, 'Invalid access token'),
      );
    }
    try {
      req.user = await this.authenticate(req, http.getResponse<Response>());
    } catch (err) {
      return this.denials.refuse(ctx, null, err);
    }
    return true;
  }

  private authenticate(req: Request, res: Response): Promise<AuthUser> {
    return new Promise((resolve, reject) => {
      const handler = passport.authenticate(
        this.strategy.name,
        { session: false },
        (err: unknown, user: AuthUser | false, info: unknown) => {
          // From validate(): revoked session, suspended account. Passport types it loosely; anything
          // that is not an Error is a bug upstream and becomes an opaque 500.
          if (err) {
            return reject(err instanceof Error ? err : new Error('Authentication failed'));
          }
          if (user) {
            return resolve(user);
          }
          if (info instanceof Error && info.name === 'TokenExpiredError') {
            return reject(authError(AuthErrorCode.TokenExpired, 'Access token expired'));
          }
          reject(commonError(CommonErrorCode.Unauthorized, 'Invalid access token'));
        },
      ) as (req: Request, res: Response, next: (err?: unknown) => void) => void;
      handler(req, res, reject);
    });
  }
}
