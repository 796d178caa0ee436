import { Role } from '../../src/common/auth/role.enum';
import { UsersService } from '../../src/modules/users/users.service';
import { uniqueEmail } from '../utils/http';
import type { TestApp } from '../utils/test-app';
import { API } from '../utils/http';

export interface TestUser {
  id: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
  role: Role;
}

type UserOverrides = Partial<{ name: string; email: string; password: string }>;

export const DEFAULT_PASSWORD = 'Str0ng-pass-phrase';

export { bearer, uniqueEmail } from '../utils/http';

/** Signs in over HTTP; fails the test unless the API answers 200. */
export async function login(
  t: TestApp,
  email: string,
  password: string,
): Promise<{ accessToken: string; refreshToken: string }> {
  const res = await t.http.post(`${API}/auth/login`).send({ email, password });
  if (res.status !== 200) {
    throw new Error(`login(${email}) failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const data = res.body.data as { accessToken: string; refreshToken: string };
  return { accessToken: data.accessToken, refreshToken: data.refreshToken };
}

/** Registers a patient through POST /auth/register. */
export async function registerPatient(
  t: TestApp,
  overrides: UserOverrides = {},
): Promise<TestUser> {
  const body = {
    name: overrides.name ?? 'Test Patient',
    email: overrides.email ?? uniqueEmail('patient'),
    password: overrides.password ?? DEFAULT_PASSWORD,
  };
  const res = await t.http.post(`${API}/auth/register`).send(body);
  if (res.status !== 201) {
    throw new Error(`registerPatient failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const data = res.body.data as {
    accessToken: string;
    refreshToken: string;
    user: { id: string; email: string; role: Role };
  };
  return {
    id: data.user.id,
    email: data.user.email,
    password: body.password,
    accessToken: data.accessToken,
    refreshToken: data.refreshToken,
    role: data.user.role,
  };
}

/** Creates an account with any role directly through UsersService, then signs in over HTTP. */
export async function createUserWithRole(
  t: TestApp,
  role: Role,
  overrides: UserOverrides = {},
): Promise<TestUser> {
  const input = {
    name: overrides.name ?? `Test ${role}`,
    email: overrides.email ?? uniqueEmail(role),
    password: overrides.password ?? DEFAULT_PASSWORD,
  };
  const user = await t.get(UsersService).createAccount(input, role);
  const tokens = await login(t, user.email, input.password);
  return {
    id: user._id.toHexString(),
    email: user.email,
    password: input.password,
    ...tokens,
    role,
  };
}
