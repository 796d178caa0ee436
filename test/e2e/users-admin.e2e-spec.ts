import { Role } from '../../src/common/auth/role.enum';
import { UserEvents } from '../../src/modules/users/users.events';
import {
  bearer,
  createUserWithRole,
  login,
  registerPatient,
  uniqueEmail,
  type TestUser,
} from '../factories/users.factory';
import { drainOutbox, recordOutboxEvents, type RecordedEvent } from '../utils/outbox';
import { createTestApp, type TestApp } from '../utils/test-app';
import { API } from '../utils/http';
import { dataOf, errorOf, pageOf } from '../utils/responses';
import type { UserResponseDto } from '../../src/modules/users/dto/user-response.dto';

const ADMIN_USERS = `${API}/admin/users`;
const UNKNOWN_ID = '0123456789abcdef01234567';

describe('admin: users (e2e)', () => {
  let t: TestApp;
  let admin: TestUser;
  let otherAdmin: TestUser;
  let patient: TestUser;
  let doctor: TestUser;
  const events: RecordedEvent[] = [];

  const asAdmin = (req: ReturnType<TestApp['http']['get']>) => req.set(bearer(admin.accessToken));

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createUserWithRole(t, Role.Admin, { name: 'Root Admin' });
    otherAdmin = await createUserWithRole(t, Role.Admin, { name: 'Second Admin' });
    doctor = await createUserWithRole(t, Role.Doctor, { name: 'Dr. (Meera) Iyer' });
    patient = await registerPatient(t, { name: 'Ravi Kumar' });
    recordOutboxEvents(t, [UserEvents.Deactivated, UserEvents.Reactivated], events);
  });
  afterAll(() => t.close());

  describe('access', () => {
    const routes: [string, string][] = [
      ['get', ADMIN_USERS],
      ['get', `${ADMIN_USERS}/${UNKNOWN_ID}`],
      ['post', `${ADMIN_USERS}/${UNKNOWN_ID}/suspend`],
      ['post', `${ADMIN_USERS}/${UNKNOWN_ID}/reactivate`],
    ];

    it.each(routes)('%s %s needs a token (401)', async (method, path) => {
      const req = method === 'get' ? t.http.get(path) : t.http.post(path).send({ reason: 'x' });
      await req.expect(401);
    });

    it.each(routes)(
      '%s %s is for admins only (403 for patients and doctors)',
      async (method, path) => {
        for (const u of [patient, doctor]) {
          const req = method === 'get' ? t.http.get(path) : t.http.post(path).send({ reason: 'x' });
          const res = await req.set(bearer(u.accessToken)).expect(403);
          expect(errorOf(res).success).toBe(false);
        }
      },
    );
  });

  describe('GET /admin/users', () => {
    beforeAll(async () => {
      for (let i = 0; i < 4; i += 1) {
        await registerPatient(t, { name: `Bulk Patient ${i}`, email: uniqueEmail('bulk') });
      }
    });

    it('lists every account newest first, paginated, with admin fields', async () => {
      const res = await asAdmin(t.http.get(ADMIN_USERS).query({ limit: 3, page: 1 })).expect(200);
      expect(pageOf<UserResponseDto>(res)).toMatchObject({ total: 8, page: 1, limit: 3 });
      expect(pageOf<UserResponseDto>(res).items).toHaveLength(3);
      expect(pageOf<UserResponseDto>(res).items[0]).toMatchObject({
        deletedAt: null,
        suspensionReason: null,
        status: 'active',
      });
      const page3 = await asAdmin(t.http.get(ADMIN_USERS).query({ limit: 3, page: 3 })).expect(200);
      expect(pageOf<UserResponseDto>(page3).items).toHaveLength(2);
      const all = await asAdmin(t.http.get(ADMIN_USERS).query({ limit: 100 })).expect(200);
      const created = pageOf<UserResponseDto>(all).items.map(
        (u: { createdAt: string }) => u.createdAt,
      );
      expect([...created].sort().reverse()).toEqual(created);
      expect(JSON.stringify(all.body)).not.toMatch(/passwordHash/);
    });

    it('filters by role and status', async () => {
      const admins = await asAdmin(t.http.get(ADMIN_USERS).query({ role: 'admin' })).expect(200);
      expect(pageOf<UserResponseDto>(admins).total).toBe(2);
      expect(
        pageOf<UserResponseDto>(admins)
          .items.map((u: { id: string }) => u.id)
          .sort(),
      ).toEqual([admin.id, otherAdmin.id].sort());
      const doctors = await asAdmin(
        t.http.get(ADMIN_USERS).query({ role: 'doctor', status: 'active' }),
      ).expect(200);
      expect(pageOf<UserResponseDto>(doctors).items.map((u: { id: string }) => u.id)).toEqual([
        doctor.id,
      ]);
      const suspended = await asAdmin(t.http.get(ADMIN_USERS).query({ status: 'suspended' }));
      expect(pageOf<UserResponseDto>(suspended).total).toBe(0);
    });

    it('searches name and e-mail case-insensitively, taking the text literally', async () => {
      const byName = await asAdmin(t.http.get(ADMIN_USERS).query({ search: 'ravi KUM' })).expect(
        200,
      );
      expect(pageOf<UserResponseDto>(byName).items.map((u: { id: string }) => u.id)).toEqual([
        patient.id,
      ]);
      const byEmail = await asAdmin(
        t.http.get(ADMIN_USERS).query({ search: doctor.email.toUpperCase() }),
      ).expect(200);
      expect(pageOf<UserResponseDto>(byEmail).items.map((u: { id: string }) => u.id)).toEqual([
        doctor.id,
      ]);
      const parens = await asAdmin(t.http.get(ADMIN_USERS).query({ search: '(Meera)' })).expect(
        200,
      );
      expect(pageOf<UserResponseDto>(parens).total).toBe(1);
      for (const pattern of ['.*', '^', 'a|b', '[a-z]+', '\\']) {
        const res = await asAdmin(t.http.get(ADMIN_USERS).query({ search: pattern })).expect(200);
        expect(pageOf<UserResponseDto>(res).total).toBe(0);
      }
    });

    it.each([
      ['limit above 100', { limit: 101 }],
      ['limit 0', { limit: 0 }],
      ['page 0', { page: 0 }],
      ['a non-numeric limit', { limit: 'ten' }],
      ['an unknown role', { role: 'superuser' }],
      ['an unknown status', { status: 'banned' }],
      ['an unknown parameter', { sort: 'email' }],
      ['a search longer than 100 characters', { search: 'x'.repeat(101) }],
      ['a repeated role', { role: ['admin', 'patient'] }],
    ])('rejects %s with 400', async (_label, query) => {
      const res = await asAdmin(t.http.get(ADMIN_USERS).query(query)).expect(400);
      expect(errorOf(res).success).toBe(false);
    });

    it('rejects Mongo operators in the query string', async () => {
      const res = await asAdmin(t.http.get(`${ADMIN_USERS}?search[$ne]=x`)).expect(400);
      expect(errorOf(res).code).toBe('FORBIDDEN_KEY');
      await asAdmin(t.http.get(`${ADMIN_USERS}?role[$in][]=admin`)).expect(400);
      await asAdmin(t.http.get(`${ADMIN_USERS}?search[$regex]=.*`)).expect(400);
    });
  });

  describe('GET /admin/users/:id', () => {
    it('returns any account with its status', async () => {
      const res = await asAdmin(t.http.get(`${ADMIN_USERS}/${patient.id}`)).expect(200);
      expect(dataOf<UserResponseDto>(res)).toMatchObject({
        id: patient.id,
        email: patient.email,
        status: 'active',
        deletedAt: null,
      });
    });

    it('answers 404 for an unknown id and 400 for a malformed one', async () => {
      const missing = await asAdmin(t.http.get(`${ADMIN_USERS}/${UNKNOWN_ID}`)).expect(404);
      expect(errorOf(missing).code).toBe('USER_NOT_FOUND');
      for (const bad of ['123', 'zzzzzzzzzzzzzzzzzzzzzzzz', `${UNKNOWN_ID}0`]) {
        const res = await asAdmin(t.http.get(`${ADMIN_USERS}/${bad}`)).expect(400);
        expect(errorOf(res).code).toBe('INVALID_ID');
      }
    });
  });

  describe('suspend and reactivate', () => {
    let target: TestUser;

    beforeAll(async () => {
      target = await registerPatient(t, { name: 'To Be Suspended' });
    });

    it('validates the body and the id', async () => {
      const suspend = (id: string, body: unknown) =>
        t.http
          .post(`${ADMIN_USERS}/${id}/suspend`)
          .set(bearer(admin.accessToken))
          .send(body as object);
      await suspend(target.id, {}).expect(400);
      await suspend(target.id, { reason: '   ' }).expect(400);
      await suspend(target.id, { reason: 'x'.repeat(10_000) }).expect(400);
      await suspend(target.id, { reason: 'ok', status: 'active' }).expect(400);
      await suspend(target.id, { reason: { $ne: null } }).expect(400);
      await suspend('not-an-id', { reason: 'spam' }).expect(400);
      const missing = await suspend(UNKNOWN_ID, { reason: 'spam' }).expect(404);
      expect(errorOf(missing).code).toBe('USER_NOT_FOUND');
      await t.http.get(`${API}/users/me`).set(bearer(target.accessToken)).expect(200);
    });

    it('an admin cannot suspend themself (422) or another admin (403)', async () => {
      const self = await t.http
        .post(`${ADMIN_USERS}/${admin.id}/suspend`)
        .set(bearer(admin.accessToken))
        .send({ reason: 'oops' })
        .expect(422);
      expect(errorOf(self).code).toBe('CANNOT_MODIFY_SELF');
      const other = await t.http
        .post(`${ADMIN_USERS}/${otherAdmin.id}/suspend`)
        .set(bearer(admin.accessToken))
        .send({ reason: 'coup' })
        .expect(403);
      expect(errorOf(other).code).toBe('CANNOT_MODIFY_ADMIN');
      await t.http.get(`${API}/users/me`).set(bearer(otherAdmin.accessToken)).expect(200);
    });

    it('suspends: the user’s current token fails on the very next request, and login is refused', async () => {
      await drainOutbox(t);
      events.length = 0;
      const res = await t.http
        .post(`${ADMIN_USERS}/${target.id}/suspend`)
        .set(bearer(admin.accessToken))
        .send({ reason: ' Spam bookings ' })
        .expect(200);
      expect(res.body).toMatchObject({
        message: 'User suspended',
        data: { id: target.id, status: 'suspended', suspensionReason: 'Spam bookings' },
      });
      await drainOutbox(t);
      expect(events).toEqual([
        { name: UserEvents.Deactivated, payload: { userId: target.id, reason: 'suspended' } },
      ]);
      const next = await t.http.get(`${API}/users/me`).set(bearer(target.accessToken));
      expect([401, 403]).toContain(next.status);
      await t.http
        .post(`${API}/auth/refresh`)
        .send({ refreshToken: target.refreshToken })
        .expect((r) => expect([401, 403]).toContain(r.status));
      const signIn = await t.http
        .post(`${API}/auth/login`)
        .send({ email: target.email, password: target.password });
      expect([401, 403]).toContain(signIn.status);
    });

    it('a second suspension is a 409 INVALID_STATUS_CHANGE', async () => {
      const res = await t.http
        .post(`${ADMIN_USERS}/${target.id}/suspend`)
        .set(bearer(admin.accessToken))
        .send({ reason: 'again' })
        .expect(409);
      expect(res.body).toMatchObject({
        code: 'INVALID_STATUS_CHANGE',
        details: { status: 'suspended' },
      });
    });

    it('suspended accounts show up in the status filter', async () => {
      const res = await asAdmin(t.http.get(ADMIN_USERS).query({ status: 'suspended' })).expect(200);
      expect(pageOf<UserResponseDto>(res).items.map((u: { id: string }) => u.id)).toEqual([
        target.id,
      ]);
    });

    it('reactivates: the user can sign in again (old sessions stay ended)', async () => {
      await drainOutbox(t);
      events.length = 0;
      const res = await t.http
        .post(`${ADMIN_USERS}/${target.id}/reactivate`)
        .set(bearer(admin.accessToken))
        .expect(200);
      expect(res.body).toMatchObject({
        message: 'User reactivated',
        data: { status: 'active', suspensionReason: null },
      });
      await drainOutbox(t);
      expect(events).toEqual([{ name: UserEvents.Reactivated, payload: { userId: target.id } }]);
      const tokens = await login(t, target.email, target.password);
      await t.http.get(`${API}/users/me`).set(bearer(tokens.accessToken)).expect(200);
      await t.http.get(`${API}/users/me`).set(bearer(target.accessToken)).expect(401);
    });

    it('reactivating an account that is not suspended is a 409', async () => {
      const res = await t.http
        .post(`${ADMIN_USERS}/${target.id}/reactivate`)
        .set(bearer(admin.accessToken))
        .expect(409);
      expect(errorOf(res).code).toBe('INVALID_STATUS_CHANGE');
      await t.http
        .post(`${ADMIN_USERS}/${UNKNOWN_ID}/reactivate`)
        .set(bearer(admin.accessToken))
        .expect(404);
      await t.http
        .post(`${ADMIN_USERS}/nope/reactivate`)
        .set(bearer(admin.accessToken))
        .expect(400);
    });

    it('deleted accounts can be neither suspended nor reactivated (409)', async () => {
      const gone = await registerPatient(t);
      await t.http
        .delete(`${API}/users/me`)
        .set(bearer(gone.accessToken))
        .send({ password: gone.password })
        .expect(200);
      await t.http
        .post(`${ADMIN_USERS}/${gone.id}/suspend`)
        .set(bearer(admin.accessToken))
        .send({ reason: 'x' })
        .expect(409);
      await t.http
        .post(`${ADMIN_USERS}/${gone.id}/reactivate`)
        .set(bearer(admin.accessToken))
        .expect(409);
    });

    it('concurrent suspensions of one account: exactly one succeeds and one event is sent', async () => {
      const victim = await registerPatient(t);
      await drainOutbox(t);
      events.length = 0;
      const results = await Promise.all(
        Array.from({ length: 5 }, () =>
          t.http
            .post(`${ADMIN_USERS}/${victim.id}/suspend`)
            .set(bearer(admin.accessToken))
            .send({ reason: 'race' }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
      await drainOutbox(t);
      expect(events).toHaveLength(1);
    });
  });
});
