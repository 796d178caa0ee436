import { Types } from 'mongoose';
import { bearer, login, registerPatient, TestUser } from '../factories/users.factory';
import { createTestApp, TestApp } from '../utils/test-app';
import { API } from '../utils/http';
import { dataOf, envelopeOf, errorOf } from '../utils/responses';
import type { AuthTokensDto } from '../../src/modules/auth/dto/auth-tokens.dto';
import type { SessionResponseDto } from '../../src/modules/auth/dto/session-response.dto';

const sidOf = (accessToken: string): string =>
  (
    JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString('utf8')) as {
      sid: string;
    }
  ).sid;

describe('auth sessions (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const sessionsOf = (token: string) => t.http.get(`${API}/auth/sessions`).set(bearer(token));
  const refresh = (refreshToken: unknown) =>
    t.http.post(`${API}/auth/refresh`).send({ refreshToken });

  describe('POST /auth/refresh', () => {
    it('rotates the pair: the new token works once, the session and access token live on', async () => {
      const u = await registerPatient(t);
      const first = await refresh(u.refreshToken).expect(200);
      expect(envelopeOf(first).message).toBe('Tokens refreshed');
      expect(dataOf<AuthTokensDto>(first)).toEqual({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        expiresIn: 900,
        user: expect.objectContaining({ id: u.id }),
      });
      expect(dataOf<AuthTokensDto>(first).refreshToken).not.toBe(u.refreshToken);
      expect(sidOf(dataOf<AuthTokensDto>(first).accessToken)).toBe(sidOf(u.accessToken));
      await sessionsOf(u.accessToken).expect(200);
      await sessionsOf(dataOf<AuthTokensDto>(first).accessToken).expect(200);
      const second = await refresh(dataOf<AuthTokensDto>(first).refreshToken).expect(200);
      expect(dataOf<AuthTokensDto>(second).refreshToken).not.toBe(
        dataOf<AuthTokensDto>(first).refreshToken,
      );
    });

    it('stores only a SHA-256 hash of the refresh token, in a TTL-indexed collection', async () => {
      const u = await registerPatient(t);
      const [sid, secret] = u.refreshToken.split('.');
      const doc = await t.connection
        .collection('sessions')
        .findOne({ _id: new Types.ObjectId(sid) });
      expect(doc?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(doc)).not.toContain(secret);
      const indexes = await t.connection.collection('sessions').indexes();
      expect(indexes).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ key: { expiresAt: 1 }, expireAfterSeconds: 0 }),
          expect.objectContaining({ key: { userId: 1, ip: 1 } }),
        ]),
      );
    });

    it('detects reuse of a rotated token and ends the session for both holders', async () => {
      const u = await registerPatient(t);
      const rotated = await refresh(u.refreshToken).expect(200);
      const reuse = await refresh(u.refreshToken).expect(401);
      expect(errorOf(reuse).code).toBe('REFRESH_TOKEN_REUSED');
      const afterReuse = await refresh(dataOf<AuthTokensDto>(rotated).refreshToken).expect(401);
      expect(errorOf(afterReuse).code).toBe('SESSION_REVOKED');
      const access = await sessionsOf(dataOf<AuthTokensDto>(rotated).accessToken).expect(401);
      expect(errorOf(access).code).toBe('SESSION_REVOKED');
      // Other sessions of the user are not affected.
      const other = await login(t, u.email, u.password);
      await sessionsOf(other.accessToken).expect(200);
    });

    it('10 concurrent refreshes with one token: at most one succeeds', async () => {
      const u = await registerPatient(t);
      const results = await Promise.all(Array.from({ length: 10 }, () => refresh(u.refreshToken)));
      const ok = results.filter((r) => r.status === 200);
      expect(ok.length).toBeLessThanOrEqual(1);
      expect(results.every((r) => r.status === 200 || r.status === 401)).toBe(true);
      // The losers replayed a rotated token: the session is ended, so no pair survives.
      for (const r of ok) {
        await refresh(dataOf<AuthTokensDto>(r).refreshToken).expect(401);
      }
    });

    it.each([
      ['garbage', 'not-a-token'],
      ['unknown session', `${new Types.ObjectId().toHexString()}.${'A'.repeat(43)}`],
    ])('answers a %s token with 401 INVALID_REFRESH_TOKEN', async (_label, token) => {
      const res = await refresh(token).expect(401);
      expect(errorOf(res).code).toBe('INVALID_REFRESH_TOKEN');
    });

    it('refuses an expired session', async () => {
      const u = await registerPatient(t);
      await t.connection
        .collection('sessions')
        .updateOne(
          { _id: new Types.ObjectId(sidOf(u.accessToken)) },
          { $set: { expiresAt: new Date(Date.now() - 1000) } },
        );
      const res = await refresh(u.refreshToken).expect(401);
      expect(errorOf(res).code).toBe('INVALID_REFRESH_TOKEN');
      const access = await sessionsOf(u.accessToken).expect(401);
      expect(errorOf(access).code).toBe('SESSION_REVOKED');
    });

    it.each([
      ['missing', {}, 'VALIDATION_FAILED'],
      ['not a string', { refreshToken: 42 }, 'VALIDATION_FAILED'],
      ['too long', { refreshToken: 'x'.repeat(300) }, 'VALIDATION_FAILED'],
      ['unknown field', { refreshToken: 'x', userId: 'y' }, 'VALIDATION_FAILED'],
      ['operator', { refreshToken: { $ne: null } }, 'FORBIDDEN_KEY'],
    ])('rejects a %s body with 400', async (_label, body, code) => {
      const res = await t.http.post(`${API}/auth/refresh`).send(body).expect(400);
      expect(errorOf(res).code).toBe(code);
    });
  });

  describe('logout and logout-all', () => {
    it('requires a token', async () => {
      await t.http.post(`${API}/auth/logout`).expect(401);
      await t.http.post(`${API}/auth/logout-all`).expect(401);
    });

    it('logout ends this session only, effective on the next request', async () => {
      const u = await registerPatient(t);
      const other = await login(t, u.email, u.password);
      const res = await t.http.post(`${API}/auth/logout`).set(bearer(u.accessToken)).expect(200);
      expect(res.body).toEqual({ success: true, message: 'Signed out', data: null });
      const next = await sessionsOf(u.accessToken).expect(401);
      expect(errorOf(next).code).toBe('SESSION_REVOKED');
      const r = await refresh(u.refreshToken).expect(401);
      expect(errorOf(r).code).toBe('SESSION_REVOKED');
      await sessionsOf(other.accessToken).expect(200);
    });

    it('logout-all ends every session including this one', async () => {
      const u = await registerPatient(t);
      const other = await login(t, u.email, u.password);
      await t.http.post(`${API}/auth/logout-all`).set(bearer(other.accessToken)).expect(200);
      await sessionsOf(u.accessToken).expect(401);
      await sessionsOf(other.accessToken).expect(401);
      await refresh(other.refreshToken).expect(401);
      await login(t, u.email, u.password);
    });
  });

  describe('GET /auth/sessions and DELETE /auth/sessions/:id', () => {
    let u: TestUser;
    beforeEach(async () => {
      u = await registerPatient(t);
    });

    it('lists active sessions only, marking the current one', async () => {
      const phone = await t.http
        .post(`${API}/auth/login`)
        .set('User-Agent', 'PhoneApp/2.0')
        .send({ email: u.email, password: u.password })
        .expect(200);
      const gone = await login(t, u.email, u.password);
      await t.http.post(`${API}/auth/logout`).set(bearer(gone.accessToken)).expect(200);

      const res = await sessionsOf(u.accessToken).expect(200);
      expect(dataOf<SessionResponseDto[]>(res)).toHaveLength(2);
      const current = dataOf<SessionResponseDto[]>(res).find(
        (s: { current: boolean }) => s.current,
      );
      expect(current!.id).toBe(sidOf(u.accessToken));
      const phoneSession = dataOf<SessionResponseDto[]>(res).find(
        (s: { id: string }) => s.id === sidOf(dataOf<AuthTokensDto>(phone).accessToken),
      );
      expect(phoneSession).toEqual({
        id: expect.any(String),
        userAgent: 'PhoneApp/2.0',
        ip: expect.any(String),
        createdAt: expect.any(String),
        lastUsedAt: expect.any(String),
        current: false,
      });
      expect(JSON.stringify(res.body)).not.toMatch(/tokenHash|refresh/i);
    });

    it('ends another own session; it stops working at once', async () => {
      const other = await login(t, u.email, u.password);
      const id = sidOf(other.accessToken);
      const res = await t.http
        .delete(`${API}/auth/sessions/${id}`)
        .set(bearer(u.accessToken))
        .expect(200);
      expect(res.body).toEqual({ success: true, message: 'Session ended', data: null });
      await sessionsOf(other.accessToken).expect(401);
      await refresh(other.refreshToken).expect(401);
      // Already ended: no longer an active session of the caller.
      const again = await t.http
        .delete(`${API}/auth/sessions/${id}`)
        .set(bearer(u.accessToken))
        .expect(404);
      expect(errorOf(again).code).toBe('SESSION_NOT_FOUND');
    });

    it("answers 404 for someone else's session and leaves it alive", async () => {
      const stranger = await registerPatient(t);
      const res = await t.http
        .delete(`${API}/auth/sessions/${sidOf(stranger.accessToken)}`)
        .set(bearer(u.accessToken))
        .expect(404);
      expect(errorOf(res).code).toBe('SESSION_NOT_FOUND');
      await sessionsOf(stranger.accessToken).expect(200);
    });

    it('answers 404 for an unknown id, 400 INVALID_ID for a malformed one, 401 without a token', async () => {
      await t.http
        .delete(`${API}/auth/sessions/${new Types.ObjectId().toHexString()}`)
        .set(bearer(u.accessToken))
        .expect(404);
      const bad = await t.http
        .delete(`${API}/auth/sessions/not-an-id`)
        .set(bearer(u.accessToken))
        .expect(400);
      expect(errorOf(bad).code).toBe('INVALID_ID');
      await t.http.delete(`${API}/auth/sessions/${sidOf(u.accessToken)}`).expect(401);
      await t.http.get(`${API}/auth/sessions`).expect(401);
    });
  });

  describe('POST /auth/password/change', () => {
    const change = (token: string, body: object) =>
      t.http.post(`${API}/auth/password/change`).set(bearer(token)).send(body);

    it('changes the password and ends every other session', async () => {
      const u = await registerPatient(t);
      const other = await login(t, u.email, u.password);
      const res = await change(u.accessToken, {
        currentPassword: u.password,
        newPassword: 'Another-str0ng-phrase',
      }).expect(200);
      expect(envelopeOf(res).message).toBe('Password changed');
      await sessionsOf(u.accessToken).expect(200);
      await sessionsOf(other.accessToken).expect(401);
      await refresh(other.refreshToken).expect(401);
      await t.http
        .post(`${API}/auth/login`)
        .send({ email: u.email, password: u.password })
        .expect(401);
      await login(t, u.email, 'Another-str0ng-phrase');
    });

    it('refuses a wrong current password with 422 WRONG_PASSWORD and keeps the old one', async () => {
      const u = await registerPatient(t);
      const res = await change(u.accessToken, {
        currentPassword: 'Wrong-pass-phrase',
        newPassword: 'Another-str0ng-phrase',
      }).expect(422);
      expect(errorOf(res).code).toBe('WRONG_PASSWORD');
      await login(t, u.email, u.password);
    });

    it.each([
      ['a common new password', { newPassword: 'password123' }, 'VALIDATION_FAILED'],
      ['a short new password', { newPassword: 'short' }, 'VALIDATION_FAILED'],
      [
        'an unknown field',
        { newPassword: 'Another-str0ng-phrase', userId: 'x' },
        'VALIDATION_FAILED',
      ],
      ['an operator', { newPassword: { $ne: null } }, 'FORBIDDEN_KEY'],
    ])('rejects %s with 400', async (_label, patch, code) => {
      const u = await registerPatient(t);
      const res = await change(u.accessToken, { currentPassword: u.password, ...patch }).expect(
        400,
      );
      expect(errorOf(res).code).toBe(code);
      await login(t, u.email, u.password);
    });

    it('requires a token', async () => {
      await t.http
        .post(`${API}/auth/password/change`)
        .send({ currentPassword: 'x', newPassword: 'Another-str0ng-phrase' })
        .expect(401);
    });
  });
});
