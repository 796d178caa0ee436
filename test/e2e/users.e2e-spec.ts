import { OutboxService } from '../../src/modules/outbox/outbox.service';
import { Types } from 'mongoose';
import { AccountStatus } from '../../src/modules/users/domain/account-status';
import { UserEvents } from '../../src/modules/users/users.events';
import { UsersService } from '../../src/modules/users/users.service';
import { Role } from '../../src/common/auth/role.enum';
import {
  bearer,
  createUserWithRole,
  login,
  registerPatient,
  type TestUser,
} from '../factories/users.factory';
import { drainOutbox } from '../utils/outbox';
import { createTestApp, type TestApp } from '../utils/test-app';
import { API } from '../utils/http';
import { dataOf, envelopeOf, errorOf, pageOf } from '../utils/responses';
import type { UserResponseDto } from '../../src/modules/users/dto/user-response.dto';
import type { AuthTokensDto } from '../../src/modules/auth/dto/auth-tokens.dto';

const ME = `${API}/users/me`;
const DAY = 24 * 60 * 60 * 1000;

describe('users: own profile (e2e)', () => {
  let t: TestApp;
  let user: TestUser;
  let other: TestUser;

  const me = async (u: TestUser = user) =>
    dataOf<UserResponseDto>(await t.http.get(ME).set(bearer(u.accessToken)).expect(200));
  const patch = (body: unknown, u: TestUser = user) =>
    t.http
      .patch(ME)
      .set(bearer(u.accessToken))
      .send(body as object);

  beforeAll(async () => {
    t = await createTestApp();
    user = await registerPatient(t, { name: 'Asha Rao' });
    other = await registerPatient(t, { name: 'Other Person' });
  });
  afterAll(() => t.close());

  describe('GET /users/me', () => {
    it('returns the caller without secrets', async () => {
      const res = await t.http.get(ME).set(bearer(user.accessToken)).expect(200);
      expect(res.body).toMatchObject({ success: true, message: 'Profile' });
      expect(dataOf<UserResponseDto>(res)).toEqual({
        id: user.id,
        email: user.email,
        name: 'Asha Rao',
        role: 'patient',
        status: 'active',
        phone: null,
        address: null,
        gender: null,
        dateOfBirth: null,
        timezone: null,
        avatarUrl: null,
        mustChangePassword: false,
        createdAt: expect.any(String),
      });
      expect(JSON.stringify(res.body)).not.toMatch(/passwordHash|"_id"|__v/);
    });

    it('needs a valid token', async () => {
      await t.http.get(ME).expect(401);
      await t.http.get(ME).set('Authorization', 'Bearer not.a.token').expect(401);
      await t.http.get(ME).set('Authorization', user.accessToken).expect(401);
    });
  });

  describe('PATCH /users/me', () => {
    it('updates name, phone, address, gender and date of birth', async () => {
      const res = await patch({
        name: '  Asha R.  ',
        phone: '+91 98765-43210',
        address: { line1: '12 MG Road', line2: 'Bengaluru 560001' },
        gender: 'female',
        dateOfBirth: '1990-04-01',
      }).expect(200);
      expect(envelopeOf(res).message).toBe('Profile updated');
      expect(dataOf<UserResponseDto>(res)).toMatchObject({
        name: 'Asha R.',
        phone: '+919876543210',
        address: { line1: '12 MG Road', line2: 'Bengaluru 560001' },
        gender: 'female',
        dateOfBirth: '1990-04-01',
        email: user.email,
        role: 'patient',
      });
      expect(await me()).toMatchObject(dataOf<UserResponseDto>(res));
    });

    it('keeps the address line that is not sent, and treats an empty body as no change', async () => {
      await patch({ address: { line2: 'Mysuru 570001' } }).expect(200);
      expect((await me()).address).toEqual({ line1: '12 MG Road', line2: 'Mysuru 570001' });
      const before = await me();
      const res = await patch({}).expect(200);
      expect(dataOf<UserResponseDto>(res)).toEqual(before);
    });

    it('clears phone, gender and date of birth with null', async () => {
      await patch({ phone: null, gender: null, dateOfBirth: null }).expect(200);
      expect(await me()).toMatchObject({ phone: null, gender: null, dateOfBirth: null });
      await patch({ phone: '+14155550100', gender: 'other', dateOfBirth: '2024-02-29' }).expect(
        200,
      );
    });

    it.each([
      ['email', { email: 'new@example.com' }],
      ['role', { role: 'admin' }],
      ['status', { status: 'suspended' }],
      ['password', { password: 'Another-str0ng-pass' }],
      ['passwordHash', { passwordHash: 'x' }],
      ['an unknown field next to a valid one', { name: 'Valid', isAdmin: true }],
    ])('rejects %s with 400 and changes nothing', async (_label, body) => {
      const before = await me();
      const res = await patch(body).expect(400);
      expect(res.body).toMatchObject({ success: false, code: 'VALIDATION_FAILED' });
      expect(await me()).toEqual(before);
      await login(t, user.email, user.password);
    });

    it.each([
      ['an impossible date', { dateOfBirth: '2023-02-30' }],
      ['a future date', { dateOfBirth: `${new Date().getUTCFullYear() + 1}-01-01` }],
      ['a date before 1900', { dateOfBirth: '1899-12-31' }],
      ['another date format', { dateOfBirth: '01/04/1990' }],
      ['a date-time', { dateOfBirth: '1990-04-01T00:00:00Z' }],
      ['a number as date', { dateOfBirth: 19900401 }],
      ['a phone without country code', { phone: '9876543210' }],
      ['a phone with letters', { phone: '+91 98765 ABCDE' }],
      ['a too long phone', { phone: '+1234567890123456' }],
      ['an unknown gender', { gender: 'robot' }],
      ['an empty name', { name: '   ' }],
      ['a null name', { name: null }],
      ['a non-string name', { name: 42 }],
      ['a 10k-character name', { name: 'x'.repeat(10_000) }],
      ['a name with control characters', { name: 'Asha\u0000Rao' }],
      ['a 201-character address line', { address: { line1: 'y'.repeat(201) } }],
      ['an unknown address field', { address: { line3: 'z' } }],
      ['an address that is a string', { address: '12 MG Road' }],
      ['an address that is null', { address: null }],
    ])('rejects %s with 400', async (_label, body) => {
      const before = await me();
      const res = await patch(body).expect(400);
      expect(errorOf(res).success).toBe(false);
      expect(await me()).toEqual(before);
    });

    it('rejects Mongo operators in the body before they reach a query', async () => {
      const res = await patch({ name: { $gt: '' } }).expect(400);
      expect(errorOf(res).code).toBe('FORBIDDEN_KEY');
      await patch({ address: { $set: { line1: 'x' } } }).expect(400);
      await t.http
        .patch(ME)
        .set(bearer(user.accessToken))
        .set('Content-Type', 'application/json')
        .send('{"__proto__":{"role":"admin"}}')
        .expect(400);
    });

    it("only changes the caller's own profile", async () => {
      const otherBefore = await me(other);
      await patch({ name: 'Changed By Me' }).expect(200);
      expect(await me(other)).toEqual(otherBefore);
      await patch({ name: 'Other Renamed' }, other).expect(200);
      expect((await me()).name).toBe('Changed By Me');
    });

    it('needs a token', async () => {
      await t.http.patch(ME).send({ name: 'Nobody' }).expect(401);
    });
  });
});

describe('users: account deletion and recovery (e2e)', () => {
  let t: TestApp;
  let admin: TestUser;
  const deactivated: unknown[] = [];
  const reactivated: unknown[] = [];

  const remove = (u: TestUser, body: object) =>
    t.http.delete(ME).set(bearer(u.accessToken)).send(body);
  const dbUser = (id: string) =>
    t.connection
      .collection('users')
      .findOne<{ status: string; deletedAt: Date; purgeAfter: Date }>({
        _id: new Types.ObjectId(id),
      });

  beforeAll(async () => {
    t = await createTestApp({ env: { ACCOUNT_RECOVERY_DAYS: '30' } });
    admin = await createUserWithRole(t, Role.Admin);
    const outbox = t.get(OutboxService);
    outbox.subscribe(UserEvents.Deactivated, 'test.record-deactivated', async (e) => {
      deactivated.push({ ...e });
    });
    outbox.subscribe(UserEvents.Reactivated, 'test.record-reactivated', async (e) => {
      reactivated.push({ ...e });
    });
  });
  afterAll(() => t.close());

  it('needs a token, the password, and no unknown fields', async () => {
    const u = await registerPatient(t);
    await t.http.delete(ME).send({ password: u.password }).expect(401);
    await remove(u, {}).expect(400);
    await remove(u, { password: u.password, status: 'active' }).expect(400);
    await remove(u, { password: { $ne: null } }).expect(400);
    await remove(u, { password: u.password, reason: 'r'.repeat(501) }).expect(400);
    await t.http.get(ME).set(bearer(u.accessToken)).expect(200);
  });

  it('refuses a wrong password with 422 INVALID_PASSWORD and keeps the account', async () => {
    const u = await registerPatient(t);
    const res = await remove(u, { password: 'not-my-password' }).expect(422);
    expect(res.body).toMatchObject({ success: false, code: 'INVALID_PASSWORD' });
    await t.http.get(ME).set(bearer(u.accessToken)).expect(200);
    expect((await dbUser(u.id))?.status).toBe('active');
  });

  describe('after deleting an account', () => {
    let u: TestUser;
    let secondSession: { accessToken: string; refreshToken: string };
    let deletedAt: number;

    beforeAll(async () => {
      u = await registerPatient(t, { name: 'Leaving Soon' });
      secondSession = await login(t, u.email, u.password);
      deactivated.length = 0;
      deletedAt = Date.now();
      const res = await remove(u, { password: u.password, reason: '  moving abroad ' }).expect(200);
      expect(res.body).toEqual({ success: true, message: 'Account deleted', data: null });
    });

    it('stores status, deletedAt, reason and purgeAfter = now + ACCOUNT_RECOVERY_DAYS', async () => {
      const doc = await dbUser(u.id);
      expect(doc).toMatchObject({ status: 'deleted', deletionReason: 'moving abroad' });
      expect(doc?.deletedAt.getTime()).toBeGreaterThanOrEqual(deletedAt - 1000);
      const expected = doc!.deletedAt.getTime() + 30 * DAY;
      expect(doc?.purgeAfter.getTime()).toBe(expected);
      await drainOutbox(t);
      expect(deactivated).toEqual([{ userId: u.id, reason: 'deleted' }]);
    });

    it('ends every session at once: access tokens and refresh tokens stop working', async () => {
      await t.http.get(ME).set(bearer(u.accessToken)).expect(401);
      await t.http.get(ME).set(bearer(secondSession.accessToken)).expect(401);
      await t.http
        .post(`${API}/auth/refresh`)
        .send({ refreshToken: secondSession.refreshToken })
        .expect(401);
    });

    it('cannot sign in, and the e-mail stays taken during the recovery window', async () => {
      const res = await t.http
        .post(`${API}/auth/login`)
        .send({ email: u.email, password: u.password })
        .expect(401);
      expect(errorOf(res).code).toBe('INVALID_CREDENTIALS');
      await t.http
        .post(`${API}/auth/register`)
        .send({ name: 'Squatter', email: u.email, password: 'An0ther-long-pass' })
        .expect(409);
    });

    it('is still listed to admins, with its status', async () => {
      const list = await t.http
        .get(`${API}/admin/users`)
        .query({ search: u.email })
        .set(bearer(admin.accessToken))
        .expect(200);
      expect(pageOf<UserResponseDto>(list).items).toEqual([
        expect.objectContaining({ id: u.id, status: 'deleted', deletedAt: expect.any(String) }),
      ]);
      const one = await t.http
        .get(`${API}/admin/users/${u.id}`)
        .set(bearer(admin.accessToken))
        .expect(200);
      expect(dataOf<UserResponseDto>(one).status).toBe('deleted');
    });

    it('refuses recovery with a wrong password, for unknown e-mails and for active accounts (401)', async () => {
      const wrong = await t.http
        .post(`${API}/auth/recover`)
        .send({ email: u.email, password: 'wrong-password-1' })
        .expect(401);
      expect(errorOf(wrong).code).toBe('INVALID_CREDENTIALS');
      const unknown = await t.http
        .post(`${API}/auth/recover`)
        .send({ email: 'nobody-here@example.com', password: u.password })
        .expect(401);
      expect(errorOf(unknown).code).toBe('INVALID_CREDENTIALS');
      const active = await registerPatient(t);
      const notDeleted = await t.http
        .post(`${API}/auth/recover`)
        .send({ email: active.email, password: active.password })
        .expect(401);
      expect(errorOf(notDeleted).code).toBe('INVALID_CREDENTIALS');
      expect(errorOf(notDeleted).message).toBe(errorOf(unknown).message);
    });

    it('recovers within the window: tokens are issued and the account is active again', async () => {
      reactivated.length = 0;
      const res = await t.http
        .post(`${API}/auth/recover`)
        .send({ email: u.email.toUpperCase(), password: u.password })
        .expect(200);
      expect(envelopeOf(res).message).toBe('Account recovered');
      expect(dataOf<AuthTokensDto>(res)).toMatchObject({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        user: { id: u.id, status: 'active', name: 'Leaving Soon' },
      });
      await drainOutbox(t);
      expect(reactivated).toEqual([{ userId: u.id }]);
      await t.http
        .get(ME)
        .set(bearer(dataOf<AuthTokensDto>(res).accessToken))
        .expect(200);
      expect(await dbUser(u.id)).toMatchObject({
        status: 'active',
        deletedAt: null,
        deletionReason: null,
        purgeAfter: null,
      });
      // The old sessions stay dead; recovery starts a new one.
      await t.http.get(ME).set(bearer(u.accessToken)).expect(401);
      await login(t, u.email, u.password);
      await t.http
        .post(`${API}/auth/recover`)
        .send({ email: u.email, password: u.password })
        .expect(401);
    });
  });

  it('refuses recovery after the window with 422 ACCOUNT_NOT_RECOVERABLE', async () => {
    const u = await registerPatient(t);
    await remove(u, { password: u.password }).expect(200);
    await t.connection
      .collection('users')
      .updateOne(
        { _id: new Types.ObjectId(u.id) },
        { $set: { purgeAfter: new Date(Date.now() - 1000) } },
      );
    const res = await t.http
      .post(`${API}/auth/recover`)
      .send({ email: u.email, password: u.password })
      .expect(422);
    expect(errorOf(res).code).toBe('ACCOUNT_NOT_RECOVERABLE');
    // Past the window, login no longer hints at recovery.
    const loginRes = await t.http
      .post(`${API}/auth/login`)
      .send({ email: u.email, password: u.password })
      .expect(401);
    expect(errorOf(loginRes).details).toBeUndefined();
    const wrong = await t.http
      .post(`${API}/auth/recover`)
      .send({ email: u.email, password: 'wrong-password-1' })
      .expect(401);
    expect(errorOf(wrong).code).toBe('INVALID_CREDENTIALS');
    expect((await dbUser(u.id))?.status).toBe('deleted');
  });

  it('UsersService.recoverDeleted restores once; a second concurrent recovery fails', async () => {
    const u = await registerPatient(t);
    await remove(u, { password: u.password }).expect(200);
    const users = t.get(UsersService);
    const results = await Promise.allSettled([
      users.recoverDeleted(u.email, u.password),
      users.recoverDeleted(u.email, u.password),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const fulfilled = results.find((r) => r.status === 'fulfilled');
    expect(fulfilled && fulfilled.value.status).toBe(AccountStatus.Active);
  });

  it('a deleted account cannot be deleted again or edited with an old token', async () => {
    const u = await registerPatient(t);
    await remove(u, { password: u.password }).expect(200);
    await remove(u, { password: u.password }).expect(401);
    await t.http.patch(ME).set(bearer(u.accessToken)).send({ name: 'Ghost' }).expect(401);
    await t.http
      .post(`${ME}/avatar`)
      .set(bearer(u.accessToken))
      .attach('image', Buffer.from([0xff, 0xd8, 0xff, 0xe0]), 'a.jpg')
      .expect(401);
  });
});
