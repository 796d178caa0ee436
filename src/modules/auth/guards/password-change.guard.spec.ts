import { Controller, Get, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Role } from '../../../common/auth/role.enum';
import { type AuthUser } from '../../../common/auth/auth-user';
import { AllowPasswordChangePending } from '../../../common/decorators/allow-password-change-pending.decorator';
import { AppError } from '../../../common/errors/app-error';
import { GuardDenials } from './guard-denials';
import { PasswordChangeGuard } from './password-change.guard';

@Controller()
class Mixed {
  @Get()
  @AllowPasswordChangePending()
  me(): void {}

  @Get()
  other(): void {}
}

function contextFor(handler: keyof Mixed, user?: Partial<AuthUser>): ExecutionContext {
  const req = { user };
  return {
    getClass: () => Mixed,
    getHandler: () => Mixed.prototype[handler],
    switchToHttp: () => ({ getRequest: () => req }),
  } as unknown as ExecutionContext;
}

describe('PasswordChangeGuard', () => {
  const guard = new PasswordChangeGuard(new Reflector(), new GuardDenials());
  const pending = { id: 'a', role: Role.Doctor, passwordChangeRequired: true };

  it('admits accounts without a pending change, and public routes (no user) everywhere', async () => {
    const settled = { ...pending, passwordChangeRequired: false };
    expect(await guard.canActivate(contextFor('other', settled))).toBe(true);
    expect(await guard.canActivate(contextFor('other'))).toBe(true);
  });

  it('admits a pending account only on allow-listed routes', async () => {
    expect(await guard.canActivate(contextFor('me', pending))).toBe(true);
    let thrown: unknown;
    try {
      await guard.canActivate(contextFor('other', pending));
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect(thrown).toMatchObject({ kind: 'forbidden', code: 'PASSWORD_CHANGE_REQUIRED' });
  });
});
