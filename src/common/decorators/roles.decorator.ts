import { applyDecorators } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBearerAuth } from '@nestjs/swagger';
import { Role } from '../auth/role.enum';
import { ApiErrors } from '../swagger/api-responses.decorator';

/** Restricts a route to the given roles (checked by the global RolesGuard). */
export const Roles = Reflector.createDecorator<Role[]>();

/**
 * An authenticated route, optionally restricted to roles, with its Swagger metadata (bearer
 * auth, 401, and 403, which any authenticated route can answer: ACCOUNT_SUSPENDED,
 * PASSWORD_CHANGE_REQUIRED, and FORBIDDEN_ROLE when roles are given).
 */
export function Auth(...roles: Role[]) {
  return applyDecorators(
    ...(roles.length ? [Roles(roles)] : []),
    ApiErrors(401, 403),
    ApiBearerAuth(),
  );
}
