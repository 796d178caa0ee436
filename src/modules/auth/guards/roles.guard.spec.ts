import { Controller, Get, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Role } from '../../../common/auth/role.enum';
import { type AuthUser } from '../../../common/auth/auth-user';
import { Auth } from '../../../common/decorators/roles.decorator';
import { AppError } from '../../../common/errors/app-error';
import { GuardDenials, type GuardDenial } from './guard-denials';
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
  const denials = new GuardDenials();
  const seen: GuardDenial[] = [];
  denials.observe({ denied: async (d) => void seen.push(d) });
  const guard = new RolesGuard(new Reflector(), denials);

  /** The error the guard throws for this context (fails the test if it admits it). */
  async function refusal(ctx: ExecutionContext): Promise<AppError> {
    try {
      await guard.canActivate(ctx);
    } catch (err) {
      if (err instanceof AppError) {
        return err;
      }
      throw err;
    }
    throw new Error('expected the guard to refuse');
  }

  it('admits any authenticated user when no role is required', async () => {
    await expect(
      guard.canActivate(contextFor(AnyUser, 'mine', { role: Role.Patient })),
    ).resolves.toBe(true);
  });

  it('admits the required role and refuses others with FORBIDDEN_ROLE', async () => {
    await expect(
      guard.canActivate(contextFor(AdminOnly, 'list', { role: Role.Admin })),
    ).resolves.toBe(true);
    for (const role of [Role.Patient, Role.Doctor]) {
      expect(await refusal(contextFor(AdminOnly, 'list', { role }))).toMatchObject({
        kind: 'forbidden',
        code: 'FORBIDDEN_ROLE',
      });
    }
  });

  it('lets a handler-level @Auth override the class-level roles', async () => {
    await expect(
      guard.canActivate(contextFor(AdminOnly, 'clinical', { role: Role.Doctor })),
    ).resolves.toBe(true);
    expect((await refusal(contextFor(AdminOnly, 'clinical', { role: Role.Patient }))).code).toBe(
      'FORBIDDEN_ROLE',
    );
  });

  it('refuses a role-restricted route when no user was resolved', async () => {
    expect((await refusal(contextFor(AdminOnly, 'list'))).code).toBe('FORBIDDEN_ROLE');
  });

  it('reports each refusal, with the caller, to the observers before answering it', async () => {
    seen.length = 0;
    const error = await refusal(contextFor(AdminOnly, 'list', { id: 'u1', role: Role.Doctor }));
    expect(seen).toHaveLength(1);
    expect(seen[0].error).toBe(error);
    expect(seen[0].user).toMatchObject({ id: 'u1', role: Role.Doctor });
  });

  it('answers the same refusal when an observer fails', async () => {
    const failing = new GuardDenials();
    failing.observe({
      denied: async () => {
        throw new Error('audit down');
      },
    });
    const g = new RolesGuard(new Reflector(), failing);
    await expect(
      g.canActivate(contextFor(AdminOnly, 'list', { role: Role.Patient })),
    ).rejects.toMatchObject({ code: 'FORBIDDEN_ROLE' });
  });
});
