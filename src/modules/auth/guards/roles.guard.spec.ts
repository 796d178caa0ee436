import { Controller, Get, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Role } from '../../../common/auth/role.enum';
import { type AuthUser } from '../../../common/auth/auth-user';
import { Auth } from '../../../common/decorators/roles.decorator';
import { AppError } from '../../../common/errors/app-error';
import { RolesGuard } from './roles.guard';

@Auth(Role.Admin)
@Controller()
class AdminOnly {
  @Get()
  list(): void {}

  @Auth(Role.Doctor, Role.Admin)
  @Get()
  clinical(): void {}
}

@Auth()
@Controller()
class AnyUser {
  @Get()
  mine(): void {}
}

function contextFor(cls: object, handler: string, user?: Partial<AuthUser>): ExecutionContext {
  const req = { user };
  return {
    getClass: () => cls,
    getHandler: () => (cls as { prototype: Record<string, unknown> }).prototype[handler],
    switchToHttp: () => ({ getRequest: () => req }),
  } as unknown as ExecutionContext;
}

describe('RolesGuard', () => {
  const guard = new RolesGuard(new Reflector());

  /** The error the guard throws for this context (fails the test if it admits it). */
  function refusal(ctx: ExecutionContext): AppError {
    try {
      guard.canActivate(ctx);
    } catch (err) {
      if (err instanceof AppError) {
        return err;
      }
      throw err;
    }
    throw new Error('expected the guard to refuse');
  }

  it('admits any authenticated user when no role is required', () => {
    expect(guard.canActivate(contextFor(AnyUser, 'mine', { role: Role.Patient }))).toBe(true);
  });

  it('admits the required role and refuses others with FORBIDDEN_ROLE', () => {
    expect(guard.canActivate(contextFor(AdminOnly, 'list', { role: Role.Admin }))).toBe(true);
    for (const role of [Role.Patient, Role.Doctor]) {
      expect(refusal(contextFor(AdminOnly, 'list', { role }))).toMatchObject({
        kind: 'forbidden',
        code: 'FORBIDDEN_ROLE',
      });
    }
  });

  it('lets a handler-level @Auth override the class-level roles', () => {
    expect(guard.canActivate(contextFor(AdminOnly, 'clinical', { role: Role.Doctor }))).toBe(true);
    expect(refusal(contextFor(AdminOnly, 'clinical', { role: Role.Patient })).code).toBe(
      'FORBIDDEN_ROLE',
    );
  });

  it('refuses a role-restricted route when no user was resolved', () => {
    expect(refusal(contextFor(AdminOnly, 'list')).code).toBe('FORBIDDEN_ROLE');
  });
});
