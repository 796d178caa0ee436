import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import type { AuthUser } from '../../../common/auth/role.enum';
import { Public } from '../../../common/decorators/public.decorator';
import { unauthenticated } from '../../../common/errors/app-error';
import { CommonErrorCode } from '../../../common/errors/error-codes';
import { AuthErrorCode } from '../auth.errors';

const MAX_HEADER_LENGTH = 4096;

/**
 * Global, deny-by-default authentication through the passport-jwt strategy: every route needs a
 * valid access token for a live session of an active user unless it is marked `@Public()`.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(ctx: ExecutionContext) {
    if (this.reflector.getAllAndOverride(Public, [ctx.getHandler(), ctx.getClass()])) return true;
    const header = ctx.switchToHttp().getRequest<Request>().headers.authorization;
    if (!header) throw unauthenticated(CommonErrorCode.Unauthorized, 'Authentication required');
    if (header.length > MAX_HEADER_LENGTH) {
      throw unauthenticated(CommonErrorCode.Unauthorized, 'Invalid access token');
    }
    return super.canActivate(ctx);
  }

  /** Errors from `validate` (revoked session, suspended account) keep their own codes. */
  override handleRequest<TUser = AuthUser>(
    err: unknown,
    user: TUser | false,
    info: unknown,
  ): TUser {
    if (err) throw err;
    if (user) return user;
    if (info instanceof Error && info.name === 'TokenExpiredError') {
      throw unauthenticated(AuthErrorCode.TokenExpired, 'Access token expired');
    }
    throw unauthenticated(CommonErrorCode.Unauthorized, 'Invalid access token');
  }
}
