import { JwtService } from '@nestjs/jwt';
import { Types } from 'mongoose';
import { Role } from '../../src/common/auth/role.enum';
import { UsersService } from '../../src/modules/users/users.service';
import { UserEvents } from '../../src/modules/users/users.events';
import {
  bearer,
  createUserWithRole,
  DEFAULT_PASSWORD,
  login,
  registerPatient,
  uniqueEmail,
} from '../factories/users.factory';
import { drainOutbox, publishAndDrain } from '../utils/outbox';
import { createTestApp, TEST_JWT_SECRET, TestApp } from '../utils/test-app';
import { API } from '../utils/http';
import { dataOf, envelopeOf, errorOf } from '../utils/responses';
import type { AuthTokensDto } from '../../src/modules/auth/dto/auth-tokens.dto';

const b64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
type Claims = { sub: string; sid: string; role: string };
const claimsOf = (token: string): Claims =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Claims;
const nowSeconds = (): number => Math.floor(Date.now() / 1000);

describe('auth (e2e)', () => {
  let t: TestApp;
  const jwt = new JwtService();

  /** Signs claims the way the API does, with overridable secret, algorithm and claims. */
  const sign = (
    claims: Record<string, unknown>,
    opts: { secret?: string; algorithm?: 'HS256' | 'HS512' } = {},
  ): string =>
    jwt.sign(
      {
        iss: 'docbook-api',
        aud: 'docbook-api',
        iat: nowSeconds(),
        exp: nowSeconds() + 600,
        ...claims,
      },
      { secret: opts.secret ?? TEST_JWT_SECRET, algorithm: opts.algorithm ?? 'HS256' },
    );

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  describe('POST /auth/register', () => {
    it('creates a patient (trimmed, lower-cased e-mail) and returns tokens and the user', async () => {
      const email = uniqueEmail();
      const res = await t.http
        .post(`${API}/auth/register`)
        .set('User-Agent', 'jest-agent/1.0')
        .send({
          name: '  Asha Rao ',
          email: `  ${email.toUpperCase()} `,
          password: DEFAULT_PASSWORD,
        })
        .expect(201);
      expect(res.body).toMatchObject({ success: true, message: 'Account created' });
      expect(dataOf<AuthTokensDto>(res)).toEqual({
        accessToken: expect.any(String),
        refreshToken: expect.stringMatching(/^[0-9a-f]{24}\.[A-Za-z0-9_-]{43}$/),
        expiresIn: 900,
        user: expect.objectContaining({
          email,
          name: 'Asha Rao',
          role: 'patient',
          status: 'active',
          mustChangePassword: false,
        }),
      });
      expect(JSON.stringify(res.body)).not.toMatch(/passwordHash|tokenHash/);
      const claims = claimsOf(dataOf<AuthTokensDto>(res).accessToken);
      expect(claims).toMatchObject({
        sub: dataOf<AuthTokensDto>(res).user.id,
        role: 'patient',
        iss: 'docbook-api',
        aud: 'docbook-api',
      });
      expect(dataOf<AuthTokensDto>(res).refreshToken.startsWith(`${claims.sid}.`)).toBe(true);
    });

    it('rejects a second account for the same e-mail in any case with 409 EMAIL_TAKEN', async () => {
      const u = await registerPatient(t);
      const res = await t.http
        .post(`${API}/auth/register`)
        .send({ name: 'Again', email: u.email.toUpperCase(), password: DEFAULT_PASSWORD })
        .expect(409);
      expect(res.body).toMatchObject({ success: false, code: 'EMAIL_TAKEN' });
    });

    it('20 concurrent registrations of one e-mail: exactly one 201, nineteen 409, one user', async () => {
      const email = uniqueEmail('race');
      const results = await Promise.all(
        Array.from({ length: 20 }, () =>
          t.http
            .post(`${API}/auth/register`)
            .send({ name: 'Racer', email, password: DEFAULT_PASSWORD }),
        ),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(19);
      expect(await t.connection.collection('users').countDocuments({ email })).toBe(1);
    });

    it('measures passwords in UTF-8 bytes: 72 accepted, 73+ rejected (never truncated)', async () => {
      const p72 = 'é'.repeat(36); // 72 bytes, 36 characters
      const email = uniqueEmail();
      await t.http
        .post(`${API}/auth/register`)
        .send({ name: 'Bytes', email, password: p72 })
        .expect(201);
      await login(t, email, p72);
      const long = await t.http
        .post(`${API}/auth/register`)
        .send({ name: 'Bytes', email: uniqueEmail(), password: `${p72}x` })
        .expect(400);
      expect(errorOf(long).code).toBe('VALIDATION_FAILED');
      expect(errorOf(long).message).toMatch(/72 bytes/);
      // Login refuses over-long passwords instead of letting bcrypt compare only a prefix.
      const prefixed = await t.http
        .post(`${API}/auth/login`)
        .send({ email, password: `${p72}extra` })
        .expect(400);
      expect(errorOf(prefixed).code).toBe('VALIDATION_FAILED');
    });

    it.each([
      ['too short', { password: 'Ab1-xyz' }],
      ['common', { password: 'P@ssw0rd' }],
      ['missing password', { password: undefined }],
      ['invalid e-mail', { email: 'not-an-email' }],
      ['e-mail not a string', { email: 12345 }],
      ['empty name', { name: '   ' }],
      ['name too long', { name: 'x'.repeat(101) }],
      ['unknown field', { role: 'admin' }],
    ])('rejects %s with 400', async (_label, patch) => {
      const body = { name: 'Asha', email: uniqueEmail(), password: DEFAULT_PASSWORD, ...patch };
      const res = await t.http.post(`${API}/auth/register`).send(body).expect(400);
      expect(errorOf(res).success).toBe(false);
      expect(await t.connection.collection('users').countDocuments({ email: body.email })).toBe(0);
    });

    it('rejects Mongo operators, prototype keys and oversized bodies', async () => {
      const op = await t.http
        .post(`${API}/auth/register`)
        .send({ name: 'A', email: { $ne: null }, password: DEFAULT_PASSWORD })
        .expect(400);
      expect(errorOf(op).code).toBe('FORBIDDEN_KEY');
      const proto = await t.http
        .post(`${API}/auth/register`)
        .set('Content-Type', 'application/json')
        .send(
          `{"name":"A","email":"${uniqueEmail()}","password":"${DEFAULT_PASSWORD}","__proto__":{"role":"admin"}}`,
        )
        .expect(400);
      expect(errorOf(proto).code).toBe('FORBIDDEN_KEY');
      const big = await t.http
        .post(`${API}/auth/register`)
        .send({ name: 'x'.repeat(200_000), email: uniqueEmail(), password: DEFAULT_PASSWORD })
        .expect(413);
      expect(errorOf(big).code).toBe('PAYLOAD_TOO_LARGE');
    });
  });

  describe('POST /auth/login', () => {
    it('signs in with a case-insensitive e-mail and returns the same shape as register', async () => {
      const u = await registerPatient(t);
      const res = await t.http
        .post(`${API}/auth/login`)
        .send({ email: ` ${u.email.toUpperCase()}`, password: u.password })
        .expect(200);
      expect(envelopeOf(res).message).toBe('Signed in');
      expect(dataOf<AuthTokensDto>(res)).toEqual({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        expiresIn: 900,
        user: expect.objectContaining({ id: u.id, email: u.email }),
      });
      await t.http
        .get(`${API}/auth/sessions`)
        .set(bearer(dataOf<AuthTokensDto>(res).accessToken))
        .expect(200);
    });

    it('answers wrong password and unknown e-mail identically with 401 INVALID_CREDENTIALS', async () => {
      const u = await registerPatient(t);
      const wrong = await t.http
        .post(`${API}/auth/login`)
        .send({ email: u.email, password: 'Wrong-pass-phrase' })
        .expect(401);
      const unknown = await t.http
        .post(`${API}/auth/login`)
        .send({ email: uniqueEmail('ghost'), password: u.password })
        .expect(401);
      expect(errorOf(wrong).code).toBe('INVALID_CREDENTIALS');
      expect(errorOf(unknown).code).toBe('INVALID_CREDENTIALS');
      expect(errorOf(wrong).message).toBe(errorOf(unknown).message);
      expect(errorOf(wrong).details).toBeUndefined();
    });

    it('lets a user who must change the password sign in, with the flag set', async () => {
      const email = uniqueEmail('temp');
      await t
        .get(UsersService)
        .createAccount({ name: 'Temp', email, password: DEFAULT_PASSWORD }, Role.Doctor, {
          mustChangePassword: true,
        });
      const res = await t.http
        .post(`${API}/auth/login`)
        .send({ email, password: DEFAULT_PASSWORD })
        .expect(200);
      expect(dataOf<AuthTokensDto>(res).user).toMatchObject({
        role: 'doctor',
        mustChangePassword: true,
      });
    });

    it.each([
      ['operator in e-mail', { email: { $ne: null }, password: 'x' }, 'FORBIDDEN_KEY'],
      ['operator in password', { email: 'a@b.co', password: { $gt: '' } }, 'FORBIDDEN_KEY'],
      ['unknown field', { email: 'a@b.co', password: 'x', remember: true }, 'VALIDATION_FAILED'],
      ['missing password', { email: 'a@b.co' }, 'VALIDATION_FAILED'],
      ['empty password', { email: 'a@b.co', password: '' }, 'VALIDATION_FAILED'],
      ['array e-mail', { email: ['a@b.co'], password: 'x' }, 'VALIDATION_FAILED'],
    ])('rejects %s with 400', async (_label, body, code) => {
      const res = await t.http.post(`${API}/auth/login`).send(body).expect(400);
      expect(errorOf(res).code).toBe(code);
    });
  });

  describe('the global guard', () => {
    let user: Awaited<ReturnType<typeof registerPatient>>;
    let claims: { sub: string; sid: string; role: string };

    beforeAll(async () => {
      user = await registerPatient(t);
      claims = claimsOf(user.accessToken);
    });

    const expect401 = async (headers: Record<string, string>, code = 'UNAUTHORIZED') => {
      const res = await t.http.get(`${API}/auth/sessions`).set(headers).expect(401);
      expect(res.body).toMatchObject({ success: false, code });
    };

    it('admits a valid token', async () => {
      await t.http.get(`${API}/auth/sessions`).set(bearer(user.accessToken)).expect(200);
    });

    it('rejects a missing token, other schemes and malformed headers', async () => {
      await expect401({});
      await expect401({ Authorization: `Basic ${Buffer.from('a:b').toString('base64')}` });
      await expect401({ Authorization: 'Bearer' });
      await expect401({ Authorization: 'Bearer not-a-jwt' });
      await expect401({ Authorization: `Bearer ${'a'.repeat(5000)}.b.c` });
    });

    it('rejects an expired token with 401 TOKEN_EXPIRED', async () => {
      const token = sign({ ...claims, iat: nowSeconds() - 2000, exp: nowSeconds() - 1000 });
      await expect401(bearer(token), 'TOKEN_EXPIRED');
    });

    it('rejects forged tokens: alg none, wrong key, other algorithm, tampered payload', async () => {
      const payload = {
        ...claims,
        iss: 'docbook-api',
        aud: 'docbook-api',
        exp: nowSeconds() + 600,
      };
      const none = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(payload)}.`;
      await expect401(bearer(none));
      await expect401(bearer(sign(claims, { secret: 'another-secret-another-secret-0123456789' })));
      await expect401(bearer(sign(claims, { algorithm: 'HS512' })));
      const [h, , s] = user.accessToken.split('.');
      const tampered = `${h}.${b64url({ ...claimsOf(user.accessToken), role: 'admin' })}.${s}`;
      await expect401(bearer(tampered));
      // Expired AND forged: the signature is checked first, so no hint about expiry leaks.
      const forgedExpired = sign(
        { ...claims, exp: nowSeconds() - 100 },
        { secret: 'another-secret-another-secret-0123456789' },
      );
      await expect401(bearer(forgedExpired));
    });

    it('rejects tokens with the wrong issuer or audience, or malformed claims', async () => {
      await expect401(bearer(sign({ ...claims, iss: 'someone-else' })));
      await expect401(bearer(sign({ ...claims, aud: 'someone-else' })));
      await expect401(bearer(sign({ ...claims, sub: 'not-an-id' })));
      await expect401(bearer(sign({ ...claims, role: 'superuser' })));
      await expect401(bearer(sign({ sub: claims.sub, role: claims.role })));
    });

    it('rejects a well-signed token whose session is unknown or belongs to someone else', async () => {
      await expect401(
        bearer(sign({ ...claims, sid: '0123456789abcdef01234567' })),
        'SESSION_REVOKED',
      );
      const other = await registerPatient(t);
      await expect401(
        bearer(sign({ ...claims, sid: claimsOf(other.accessToken).sid })),
        'SESSION_REVOKED',
      );
    });

    it('enforces roles with 403 FORBIDDEN_ROLE, taking the role from the database', async () => {
      const patient = await registerPatient(t);
      const denied = await t.http
        .get(`${API}/admin/users`)
        .set(bearer(patient.accessToken))
        .expect(403);
      expect(errorOf(denied).code).toBe('FORBIDDEN_ROLE');
      await t.http.get(`${API}/admin/users`).expect(401);
      const admin = await createUserWithRole(t, Role.Admin);
      await t.http.get(`${API}/admin/users`).set(bearer(admin.accessToken)).expect(200);
      // A role change applies to the very next request, without a new token.
      await t.get(UsersService).setRole(patient.id, Role.Admin);
      await t.http.get(`${API}/admin/users`).set(bearer(patient.accessToken)).expect(200);
      await t.get(UsersService).setRole(admin.id, Role.Patient);
      await t.http.get(`${API}/admin/users`).set(bearer(admin.accessToken)).expect(403);
    });

    it('keeps public routes open without a token', async () => {
      await t.http.get(`${API}/health`).expect(200);
    });
  });

  describe('several app instances in one process', () => {
    it('each authenticates through its own database, and closing one leaves the other working', async () => {
      // Two instances over one database (as the multi-instance tests run them): a token from one
      // is honoured by the other, and either keeps working when the other shuts down.
      const other = await createTestApp({ mongodbUri: t.config.MONGODB_URI });
      const user = await registerPatient(t);
      await other.http.get(`${API}/auth/sessions`).set(bearer(user.accessToken)).expect(200);
      await other.close({ dropDatabase: false });
      await t.http.get(`${API}/auth/sessions`).set(bearer(user.accessToken)).expect(200);
    });
  });

  describe('deactivation', () => {
    it('suspension takes effect on the very next request and ends every session', async () => {
      const admin = await createUserWithRole(t, Role.Admin);
      const u = await registerPatient(t);
      const second = await login(t, u.email, u.password);
      await t.http
        .post(`${API}/admin/users/${u.id}/suspend`)
        .set(bearer(admin.accessToken))
        .send({ reason: 'testing' })
        .expect(200);
      const res = await t.http.get(`${API}/auth/sessions`).set(bearer(u.accessToken)).expect(403);
      expect(errorOf(res).code).toBe('ACCOUNT_SUSPENDED');
      // Refused at once by the status check; the sessions themselves end when the relay runs.
      await drainOutbox(t);
      const refresh = await t.http
        .post(`${API}/auth/refresh`)
        .send({ refreshToken: second.refreshToken })
        .expect(401);
      expect(errorOf(refresh).code).toBe('SESSION_REVOKED');
      const live = await t.connection
        .collection('sessions')
        .countDocuments({ userId: new Types.ObjectId(u.id), revokedAt: null });
      expect(live).toBe(0);

      const login403 = await t.http
        .post(`${API}/auth/login`)
        .send({ email: u.email, password: u.password })
        .expect(403);
      expect(errorOf(login403).code).toBe('ACCOUNT_SUSPENDED');
      // The status is only revealed to someone who knows the password.
      const wrong = await t.http
        .post(`${API}/auth/login`)
        .send({ email: u.email, password: 'Wrong-pass-phrase' })
        .expect(401);
      expect(errorOf(wrong).code).toBe('INVALID_CREDENTIALS');

      // Lifting the suspension does not bring the old sessions back.
      await t.http
        .post(`${API}/admin/users/${u.id}/reactivate`)
        .set(bearer(admin.accessToken))
        .expect(200);
      const after = await t.http.get(`${API}/auth/sessions`).set(bearer(u.accessToken)).expect(401);
      expect(errorOf(after).code).toBe('SESSION_REVOKED');
      await login(t, u.email, u.password);
    });

    it('a suspension written without the event still blocks the next request', async () => {
      const u = await registerPatient(t);
      await t.connection
        .collection('users')
        .updateOne({ _id: new Types.ObjectId(u.id) }, { $set: { status: 'suspended' } });
      const res = await t.http.get(`${API}/auth/sessions`).set(bearer(u.accessToken)).expect(403);
      expect(errorOf(res).code).toBe('ACCOUNT_SUSPENDED');
    });

    it('revokes all sessions on the user.deactivated event', async () => {
      const u = await registerPatient(t);
      const other = await login(t, u.email, u.password);
      await publishAndDrain(t, UserEvents.Deactivated, { userId: u.id, reason: 'suspended' });
      for (const token of [u.accessToken, other.accessToken]) {
        const res = await t.http.get(`${API}/auth/sessions`).set(bearer(token)).expect(401);
        expect(errorOf(res).code).toBe('SESSION_REVOKED');
      }
    });
  });

  describe('deleted accounts and POST /auth/recover', () => {
    const deleteAccount = async (u: { accessToken: string; password: string }) => {
      await t.http
        .delete(`${API}/users/me`)
        .set(bearer(u.accessToken))
        .send({ password: u.password })
        .expect(200);
    };

    it('deletion ends sessions at once; login hints at recovery only with the right password', async () => {
      const u = await registerPatient(t);
      await deleteAccount(u);
      await t.http.get(`${API}/auth/sessions`).set(bearer(u.accessToken)).expect(401);

      const res = await t.http
        .post(`${API}/auth/login`)
        .send({ email: u.email, password: u.password })
        .expect(401);
      expect(errorOf(res).code).toBe('INVALID_CREDENTIALS');
      expect(errorOf(res).details).toEqual({
        recoverable: true,
        recoverableUntil: expect.any(String),
      });
      const wrong = await t.http
        .post(`${API}/auth/login`)
        .send({ email: u.email, password: 'Wrong-pass-phrase' })
        .expect(401);
      expect(errorOf(wrong).details).toBeUndefined();
    });
    // Recovery itself (within and after the window) is tested in users.e2e-spec.ts.

    it.each([
      ['unknown field', { email: 'a@b.co', password: 'x', extra: 1 }, 'VALIDATION_FAILED'],
      ['operator', { email: { $ne: null }, password: 'x' }, 'FORBIDDEN_KEY'],
      ['missing e-mail', { password: 'x' }, 'VALIDATION_FAILED'],
    ])('rejects %s with 400', async (_label, body, code) => {
      const res = await t.http.post(`${API}/auth/recover`).send(body).expect(400);
      expect(errorOf(res).code).toBe(code);
    });
  });
});
