import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { AuthUser } from '../../../common/auth/role.enum';
import { Public } from '../../../common/decorators/public.decorator';
import { unauthenticated } from '../../../common/errors/app-error';
import { CommonErrorCode } from '../../../common/errors/error-codes';
import { AuthService } from '../auth.service';

const BEARER = /^Bearer ([A-Za-z0-9_=-]+\.[A-Za-z0-9_=-]*\.[A-Za-z0-9_=-]*)$/i;
const MAX_TOKEN_LENGTH = 4096;

/**
 * Global, deny-by-default authentication: every route needs a valid access token for a live
 * session of an active user unless it is marked `@Public()`.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride(Public, [ctx.getHandler(), ctx.getClass()])) return true;
    const req = ctx.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const header = req.headers.authorization;
    if (!header) throw unauthenticated(CommonErrorCode.Unauthorized, 'Authentication required');
    const match = header.length <= MAX_TOKEN_LENGTH ? BEARER.exec(header.trim()) : null;
    if (!match) throw unauthenticated(CommonErrorCode.Unauthorized, 'Invalid access token');
    req.user = await this.auth.authenticate(match[1]);
    return true;
  }
}
