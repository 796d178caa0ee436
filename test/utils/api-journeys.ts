import { API, bearer, uniqueEmail } from './http';
import type { Response } from 'supertest';
import { drainOutbox } from './outbox';
import { dataOf, errorOf } from './responses';
import type { HttpApp, TestApp } from './test-app';
import type { AuthTokensDto } from '../../src/modules/auth/dto/auth-tokens.dto';
import type { AdminDoctorDto } from '../../src/modules/doctors/dto/doctor-response.dto';

// State set up the way clients do it, over HTTP only; the one step taken inside the app is
// running the outbox relay, which the tests do instead of waiting for its timer.

export { API, bearer, uniqueEmail } from './http';
export { slotAfter } from './slots';
export const PASSWORD = 'Str0ng-pass-phrase';
/** The password an admin gives a new doctor, which the doctor must replace before working. */
export const INITIAL_DOCTOR_PASSWORD = 'Initial-pass-phrase-1';
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

export interface Account {
  id: string;
  accessToken: string;
}

/** App options that make the app create its admin account at start-up. */
export function adminEnv(): { email: string; env: Record<string, string> } {
  const email = uniqueEmail('admin');
  return { email, env: { ADMIN_EMAIL: email, ADMIN_PASSWORD: PASSWORD } };
}

export async function login(t: HttpApp, email: string, password = PASSWORD): Promise<Account> {
  const res = await t.http.post(`${API}/auth/login`).send({ email, password }).expect(200);
  const tokens = dataOf<AuthTokensDto>(res);
  return { id: tokens.user.id, accessToken: tokens.accessToken };
}

export function registerRequest(t: HttpApp, email: string, name = 'Test Patient') {
  return t.http.post(`${API}/auth/register`).send({ name, email, password: PASSWORD });
}

export async function registerPatient(t: HttpApp, name = 'Test Patient'): Promise<Account> {
  const res = await registerRequest(t, uniqueEmail('patient'), name).expect(201);
  const tokens = dataOf<AuthTokensDto>(res);
  return { id: tokens.user.id, accessToken: tokens.accessToken };
}

/** POST /admin/doctors as a multipart form with address and image, in UTC. */
export function createDoctorRequest(t: HttpApp, admin: Account, email: string) {
  return t.http
    .post(`${API}/admin/doctors`)
    .set(bearer(admin.accessToken))
    .field('name', 'Dr. Race Condition')
    .field('email', email)
    .field('password', INITIAL_DOCTOR_PASSWORD)
    .field('speciality', 'general-physician')
    .field('degree', 'MBBS')
    .field('experienceYears', '7')
    .field('about', 'Sees one patient per slot.')
    .field('fee', '50000')
    .field('currency', 'INR')
    .field('address[line1]', '12 MG Road')
    .field('address[line2]', 'Bengaluru 560001')
    .field('timezone', 'UTC')
    .attach('image', PNG, 'face.png');
}

/**
 * An admin-created doctor (with address and image) who replaces the initial password, then
 * opens every day around the clock (30-min slots). The doctor's id is also the profile's id.
 */
export async function createBookableDoctor(
  t: TestApp,
  admin: Account,
): Promise<Account & { imageUrl: string }> {
  const email = uniqueEmail('doctor');
  const created = await createDoctorRequest(t, admin, email).expect(201);
  const doctor = await login(t, email, INITIAL_DOCTOR_PASSWORD);
  await t.http
    .post(`${API}/auth/password/change`)
    .set(bearer(doctor.accessToken))
    .send({ currentPassword: INITIAL_DOCTOR_PASSWORD, newPassword: PASSWORD })
    .expect(200);
  // What the relay does within OUTBOX_POLL_MS: the change lists the doctor.
  await drainOutbox(t);
  await t.http
    .put(`${API}/doctors/me/schedule`)
    .set(bearer(doctor.accessToken))
    .send(aroundTheClock(30))
    .expect(200);
  return { ...doctor, imageUrl: dataOf<AdminDoctorDto>(created).imageUrl! };
}

/** A PUT /doctors/me/schedule body: open every day around the clock in `slotMinutes` slots. */
export function aroundTheClock(slotMinutes: number) {
  const allDay = [{ start: '00:00', end: '24:00' }];
  return {
    slotMinutes,
    bufferMinutes: 0,
    minNoticeMinutes: 60,
    maxAdvanceDays: 30,
    weekly: Object.fromEntries(
      ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, allDay]),
    ),
  };
}

export function bookRequest(
  t: HttpApp,
  patient: Account,
  doctorId: string,
  startsAt: Date,
  idempotencyKey?: string,
) {
  const req = t.http
    .post(`${API}/appointments`)
    .set(bearer(patient.accessToken))
    .send({ doctorId, startsAt: startsAt.toISOString() });
  return idempotencyKey === undefined ? req : req.set('Idempotency-Key', idempotencyKey);
}

/** Answers of one round of concurrent requests, counted by "status" or "status CODE". */
export function tally(responses: Response[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of responses) {
    const key = r.status >= 400 ? `${r.status} ${String(errorOf(r).code)}` : String(r.status);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** Runs `make` for 0..count-1, a few at a time. */
export async function inBatches<T>(
  count: number,
  make: (i: number) => Promise<T>,
  size = 16,
): Promise<T[]> {
  const out = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      out[i] = await make(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, count) }, worker));
  return out;
}
