import { bearer, login, registerPatient, uniqueEmail } from '../factories/users.factory';
import { createTestApp, TestApp } from '../utils/test-app';
import { API } from '../utils/http';
import { dataOf, errorOf } from '../utils/responses';
import type { AuthTokensDto } from '../../src/modules/auth/dto/auth-tokens.dto';

const WINDOW_SECONDS = 15 * 60;

describe('auth failed-login lockout (e2e)', () => {
  let t: TestApp;
  let ipCounter = 0;
  /** A fresh client IP (the app trusts one proxy hop, so X-Forwarded-For sets req.ip). */
  const newIp = () => `198.51.100.${++ipCounter}`;

  beforeAll(async () => {
    t = await createTestApp({
      env: { TRUST_PROXY_HOPS: '1', LOGIN_MAX_FAILURES_PER_IP: '25' },
    });
  });
  afterAll(() => t.close());

  const attempt = (ip: string, email: string, password: string) =>
    t.http.post(`${API}/auth/login`).set('X-Forwarded-For', ip).send({ email, password });
  const failTimes = async (n: number, ip: string, email: string) => {
    for (let i = 0; i < n; i++) {
      await attempt(ip, email, 'Wrong-pass-phrase').expect(401);
    }
  };
  const expectLocked = async (res: {
    status: number;
    body: { code: string };
    headers: Record<string, string>;
  }) => {
    expect(res.status).toBe(429);
    expect(errorOf(res).code).toBe('TOO_MANY_LOGIN_ATTEMPTS');
    const retry = Number(res.headers['retry-after']);
    expect(retry).toBeGreaterThan(WINDOW_SECONDS - 60);
    expect(retry).toBeLessThanOrEqual(WINDOW_SECONDS);
  };

  it('locks the account after 10 failures, even for the right password from a new IP', async () => {
    const u = await registerPatient(t);
    await failTimes(10, newIp(), u.email);
    await expectLocked(await attempt(newIp(), u.email, u.password));
    // Locked attempts are not counted: the lock cannot be extended by hammering it.
    expect(
      await t.connection.collection('login_failures').countDocuments({ key: `acct:${u.email}` }),
    ).toBe(10);
  });

  it('does not lock the owner out of an IP they signed in from', async () => {
    const home = newIp();
    const email = uniqueEmail();
    await t.http
      .post(`${API}/auth/register`)
      .set('X-Forwarded-For', home)
      .send({ name: 'Owner', email, password: 'Str0ng-pass-phrase' })
      .expect(201);
    await failTimes(10, newIp(), email);
    await expectLocked(await attempt(newIp(), email, 'Str0ng-pass-phrase'));
    const res = await attempt(home, email, 'Str0ng-pass-phrase').expect(200);
    await t.http
      .get(`${API}/auth/sessions`)
      .set(bearer(dataOf<AuthTokensDto>(res).accessToken))
      .expect(200);
  });

  it('the exemption also holds for a revoked session from the last 30 days', async () => {
    const home = newIp();
    const u = await registerPatient(t);
    const signedIn = await attempt(home, u.email, u.password).expect(200);
    await t.http
      .post(`${API}/auth/logout-all`)
      .set(bearer(dataOf<AuthTokensDto>(signedIn).accessToken))
      .expect(200);
    await failTimes(10, newIp(), u.email);
    await attempt(home, u.email, u.password).expect(200);
  });

  it('is a sliding window: failures older than the window no longer count', async () => {
    const u = await registerPatient(t);
    await failTimes(10, newIp(), u.email);
    await expectLocked(await attempt(newIp(), u.email, u.password));
    await t.connection
      .collection('login_failures')
      .updateMany({ key: `acct:${u.email}` }, [
        { $set: { at: { $subtract: ['$at', (WINDOW_SECONDS + 1) * 1000] } } },
      ]);
    await attempt(newIp(), u.email, u.password).expect(200);
  });

  it('Retry-After counts down to when the oldest counted failure leaves the window', async () => {
    const u = await registerPatient(t);
    const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000);
    await t.connection.collection('login_failures').insertMany(
      [14, 13, 12, 11, 10, 9, 8, 7, 6, 5].map((m) => ({
        key: `acct:${u.email}`,
        at: ago(m),
        expiresAt: new Date(ago(m).getTime() + WINDOW_SECONDS * 1000),
      })),
    );
    const res = await attempt(newIp(), u.email, u.password).expect(429);
    const retry = Number(res.headers['retry-after']);
    expect(retry).toBeGreaterThanOrEqual(55);
    expect(retry).toBeLessThanOrEqual(61);
  });

  it('locks unknown e-mails the same way (no account enumeration)', async () => {
    const ghost = uniqueEmail('ghost');
    await failTimes(10, newIp(), ghost);
    await expectLocked(await attempt(newIp(), ghost, 'Wrong-pass-phrase'));
  });

  it('limits failures per IP across accounts', async () => {
    const ip = newIp();
    for (let i = 0; i < 25; i++) {
      await attempt(ip, uniqueEmail('spray'), 'Wrong-pass-phrase').expect(401);
    }
    const u = await registerPatient(t);
    await expectLocked(await attempt(ip, u.email, u.password));
    await attempt(newIp(), u.email, u.password).expect(200);
  });

  it('wrong current passwords on password change count too', async () => {
    const u = await registerPatient(t);
    const ip = newIp();
    for (let i = 0; i < 10; i++) {
      await t.http
        .post(`${API}/auth/password/change`)
        .set(bearer(u.accessToken))
        .set('X-Forwarded-For', ip)
        .send({ currentPassword: 'Wrong-pass-phrase', newPassword: 'Another-str0ng-phrase' })
        .expect(422);
    }
    const res = await t.http
      .post(`${API}/auth/password/change`)
      .set(bearer(u.accessToken))
      .set('X-Forwarded-For', ip)
      .send({ currentPassword: u.password, newPassword: 'Another-str0ng-phrase' });
    await expectLocked(res);
    await login(t, u.email, u.password);
  });
});
