import { bearer, registerPatient } from '../factories/users.factory';
import { createTestApp, TestApp } from '../utils/test-app';
import { API } from '../utils/http';

describe('auth rate limit (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { THROTTLE_AUTH_LIMIT: '3', THROTTLE_AUTH_TTL_MS: '60000' } });
  });
  afterAll(() => t.close());

  it('answers 429 with Retry-After on auth routes while other routes keep working', async () => {
    const u = await registerPatient(t);
    // The limit is counted per route and client.
    for (let i = 0; i < 3; i++) {
      await t.http
        .post(`${API}/auth/login`)
        .send({ email: u.email, password: u.password })
        .expect(200);
    }
    const res = await t.http
      .post(`${API}/auth/login`)
      .send({ email: u.email, password: u.password })
      .expect(429);
    expect(res.body).toMatchObject({ success: false, code: 'RATE_LIMITED' });
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Routes outside the auth controller use the default limit only.
    await t.http.get(`${API}/users/me`).set(bearer(u.accessToken)).expect(200);
  });
});
