import { registerPatient } from '../factories/users.factory';
import { createTestApp, TestApp, uniqueDatabaseUri } from '../utils/test-app';
import { API } from '../utils/http';

describe('rate limits across instances (e2e)', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    const mongodbUri = uniqueDatabaseUri();
    const env = {
      THROTTLE_AUTH_LIMIT: '3',
      THROTTLE_AUTH_TTL_MS: '60000',
      THROTTLE_LIMIT: '5',
      THROTTLE_TTL_MS: '60000',
    };
    a = await createTestApp({ env, mongodbUri });
    b = await createTestApp({ env, mongodbUri });
  });
  afterAll(async () => {
    await b.close({ dropDatabase: false });
    await a.close();
  });

  it('holds the auth limit in total over two instances, with Retry-After', async () => {
    const u = await registerPatient(a);
    const login = (t: TestApp) =>
      t.http.post(`${API}/auth/login`).send({ email: u.email, password: u.password });
    await login(a).expect(200);
    await login(b).expect(200);
    await login(a).expect(200);
    // Three logins were spent, split over the instances: the fourth is refused by either.
    const refused = await login(b).expect(429);
    expect(refused.body).toMatchObject({ success: false, code: 'RATE_LIMITED' });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    await login(a).expect(429);
  });

  it('holds the general limit in total over two instances', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await (i % 2 ? b : a).http.get(`${API}/specialities`);
      statuses.push(res.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
  });

  describe('after the window', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ env: { THROTTLE_LIMIT: '2', THROTTLE_TTL_MS: '1000' } });
    });
    afterAll(() => t.close());

    it('lets a blocked client in again once the block (one window) has passed', async () => {
      await t.http.get(`${API}/specialities`).expect(200);
      await t.http.get(`${API}/specialities`).expect(200);
      const refused = await t.http.get(`${API}/specialities`).expect(429);
      expect(Number(refused.headers['retry-after'])).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 1200));
      await t.http.get(`${API}/specialities`).expect(200);
      await t.http.get(`${API}/specialities`).expect(200);
      await t.http.get(`${API}/specialities`).expect(429);
    });
  });
});
