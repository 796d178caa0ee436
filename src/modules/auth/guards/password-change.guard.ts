import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { AuthUser } from '../../../common/auth/auth-user';
import { AllowPasswordChangePending } from '../../../common/decorators/allow-password-change-pending.decorator';

import { AuthErrorCode, authError } from '../auth.errors';
import { GuardDenials } from './guard-denials';

/**
 * Holds back an account that still has its admin-chosen password: until it sets its own, it may
 * use only the routes marked `@AllowPasswordChangePending()`. Runs after JwtAuthGuard, which
 * reads the flag from the database on every request, so the change applies at once.
 */
@Injectable()
export class PasswordChangeGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly denials: GuardDenials,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const user = ctx.switchToHttp().getRequest<Request & { user?: AuthUser }>().user;
    if (!user?.passwordChangeRequired) {
      return true;
    }
    const allowed = this.reflector.getAllAndOverride(AllowPasswordChangePending, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    if (allowed) {
      return true;
    }
    return this.denials.refuse(
      ctx,
      user,
      authError(
        AuthErrorCode.PasswordChangeRequired,
        'Change the initial password (POST /auth/password/change) before using this account',
      ),
    );
  }
}
