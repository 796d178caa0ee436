import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { AuthUser } from '../../../common/auth/auth-user';
import { Roles } from '../../../common/decorators/roles.decorator';

import { AuthErrorCode, authError } from '../auth.errors';
import { GuardDenials } from './guard-denials';

/** Enforces `@Auth(Role.X, ...)`; runs after JwtAuthGuard has set `req.user`. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly denials: GuardDenials,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const roles = this.reflector.getAllAndOverride(Roles, [ctx.getHandler(), ctx.getClass()]);
    if (!roles?.length) {
      return true;
    }
    const user = ctx.switchToHttp().getRequest<Request & { user?: AuthUser }>().user;
    if (user && roles.includes(user.role)) {
      return true;
    }
    return this.denials.refuse(
      ctx,
      user ?? null,
      authError(AuthErrorCode.ForbiddenRole, 'Your role may not do this'),
    );
  }
}
