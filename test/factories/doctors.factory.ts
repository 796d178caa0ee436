import { Role } from '../../src/common/auth/role.enum';
import { drainOutbox } from '../utils/outbox';
import type { TestApp } from '../utils/test-app';
import {
  bearer,
  createUserWithRole,
  DEFAULT_PASSWORD,
  login,
  uniqueEmail,
  type TestUser,
} from './users.factory';
import { API } from '../utils/http';

export interface TestDoctor {
  id: string;
  name: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

export interface DoctorOverrides {
  name?: string;
  email?: string;
  password?: string;
  speciality?: string;
  degree?: string;
  experienceYears?: number;
  about?: string;
  /** Minor units. */
  fee?: number;
  currency?: string;
  timezone?: string;
  addressLine1?: string;
  addressLine2?: string;
  /** Applied through PATCH /admin/doctors/:id after creation. */
  visible?: boolean;
  acceptingAppointments?: boolean;
}

/** What the admin gives a new doctor; createDoctor's doctor then changes it to `password`. */
export const INITIAL_PASSWORD = 'Initial-pass-phrase-0';

const admins = new WeakMap<TestApp, Promise<TestUser>>();

/** One admin per test app, created on first use. */
export function createAdmin(t: TestApp): Promise<TestUser> {
  let admin = admins.get(t);
  if (!admin) {
    admin = createUserWithRole(t, Role.Admin, { name: 'Test Admin', email: uniqueEmail('admin') });
    admins.set(t, admin);
  }
  return admin;
}

/**
 * An approved, visible doctor accepting appointments (time zone Asia/Kolkata unless given),
 * created through the admin multipart endpoint as an admin would, then signed in and with the
 * initial password replaced by `password`, so the doctor is listed and can use the API.
 */
export async function createDoctor(
  t: TestApp,
  overrides: DoctorOverrides = {},
): Promise<TestDoctor> {
  const admin = await createAdmin(t);
  const name = overrides.name ?? 'Dr. Test Doctor';
  const email = overrides.email ?? uniqueEmail('doctor');
  const password = overrides.password ?? DEFAULT_PASSWORD;
  const res = await t.http
    .post(`${API}/admin/doctors`)
    .set(bearer(admin.accessToken))
    .field('name', name)
    .field('email', email)
    .field('password', INITIAL_PASSWORD)
    .field('speciality', overrides.speciality ?? 'general-physician')
    .field('degree', overrides.degree ?? 'MBBS')
    .field('experienceYears', String(overrides.experienceYears ?? 5))
    .field('about', overrides.about ?? 'A test doctor.')
    .field('fee', String(overrides.fee ?? 50000))
    .field('currency', overrides.currency ?? 'INR')
    .field('address[line1]', overrides.addressLine1 ?? '12 MG Road')
    .field('address[line2]', overrides.addressLine2 ?? 'Bengaluru')
    .field('timezone', overrides.timezone ?? 'Asia/Kolkata');
  if (res.status !== 201) {
    throw new Error(`createDoctor failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const id = (res.body.data as { id: string }).id;
  const patch: Record<string, boolean> = {};
  if (overrides.visible !== undefined) {
    patch.visible = overrides.visible;
  }
  if (overrides.acceptingAppointments !== undefined) {
    patch.acceptingAppointments = overrides.acceptingAppointments;
  }
  if (Object.keys(patch).length > 0) {
    const upd = await t.http
      .patch(`${API}/admin/doctors/${id}`)
      .set(bearer(admin.accessToken))
      .send(patch);
    if (upd.status !== 200) {
      throw new Error(`createDoctor patch failed: ${upd.status} ${JSON.stringify(upd.body)}`);
    }
  }
  // The admin's password is only an initial one: the account can do nothing else until the
  // doctor replaces it (changing it keeps this session).
  const tokens = await login(t, email, INITIAL_PASSWORD);
  const changed = await t.http
    .post(`${API}/auth/password/change`)
    .set(bearer(tokens.accessToken))
    .send({ currentPassword: INITIAL_PASSWORD, newPassword: password });
  if (changed.status !== 200) {
    throw new Error(`createDoctor password change failed: ${changed.status}`);
  }
  // The change lists the doctor through the outbox (user.initial_password_replaced).
  await drainOutbox(t);
  return { id, name, email, password, ...tokens };
}
