import { API } from '../utils/http';
import { createTestApp, type TestApp } from '../utils/test-app';
import { errorOf } from '../utils/responses';

/** Bounded concurrency through real HTTP: waiting, refusing when full, probes never wait. */
describe('admission control (e2e)', () => {
  let queued: TestApp;
  let tight: TestApp;

  beforeAll(async () => {
    queued = await createTestApp({ env: { HTTP_MAX_IN_FLIGHT: '1', HTTP_QUEUE_LIMIT: '1000' } });
    tight = await createTestApp({
      env: { HTTP_MAX_IN_FLIGHT: '1', HTTP_QUEUE_LIMIT: '1' },
      mongodbUri: queued.config.MONGODB_URI,
    });
  });

  afterAll(async () => {
    await tight.close({ dropDatabase: false });
    await queued.close();
  });

  it('answers every one of many concurrent requests when they fit in the queue', async () => {
    const answers = await Promise.all(
      Array.from({ length: 30 }, () => queued.http.get(`${API}/specialities`)),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(30).fill(200));
  });

  it('answers 503 SERVICE_UNAVAILABLE with Retry-After beyond the queue, and 200 to the rest', async () => {
    const answers = await Promise.all(
      Array.from({ length: 30 }, () => tight.http.get(`${API}/specialities`)),
    );
    const refused = answers.filter((r) => r.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    expect(answers.every((r) => r.status === 200 || r.status === 503)).toBe(true);
    for (const r of refused) {
      expect(errorOf(r).code).toBe('SERVICE_UNAVAILABLE');
      expect(r.headers['retry-after']).toBe('1');
    }
    // Places are given back: the next request is served.
    await tight.http.get(`${API}/specialities`).expect(200);
  });

  it('answers the health probe while the limit is taken', async () => {
    // Sent (then() starts a supertest request) before the probe, so the one place is taken.
    const load = Promise.all(
      Array.from({ length: 20 }, () => tight.http.get(`${API}/specialities`).then((r) => r.status)),
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    const health = await tight.http.get(`${API}/health`);
    expect(health.status).toBe(200);
    expect((await load).every((status) => status === 200 || status === 503)).toBe(true);
  });
});
