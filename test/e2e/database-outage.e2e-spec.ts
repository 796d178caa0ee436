import type { Response } from 'supertest';
import {
  bearer,
  DEFAULT_PASSWORD,
  registerPatient,
  uniqueEmail,
  type TestUser,
} from '../factories/users.factory';
import { TcpProxy } from '../utils/tcp-proxy';
import { createTestApp, uniqueDatabaseUri, type TestApp } from '../utils/test-app';
import { API } from '../utils/http';
import { dataOf, envelopeOf, errorOf } from '../utils/responses';
import type { HealthDto } from '../../src/modules/health/health.controller';
import type { AuthTokensDto } from '../../src/modules/auth/dto/auth-tokens.dto';
import type { UserResponseDto } from '../../src/modules/users/dto/user-response.dto';

/** "About 2 s" from the issue, with room for a loaded CI machine. */
const FAST_MS = 2500;
/** An operation cut mid-flight is retried once, which waits out server selection (2 s). */
const IN_FLIGHT_MS = 3000;
const RECOVERY_MS = 10_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function timed(request: PromiseLike<Response>): Promise<{ res: Response; ms: number }> {
  const started = Date.now();
  const res = await request;
  return { res, ms: Date.now() - started };
}

function expectUnavailable({ res, ms }: { res: Response; ms: number }, withinMs = FAST_MS): void {
  expect({ status: res.status, code: errorOf(res).code }).toEqual({
    status: 503,
    code: 'SERVICE_UNAVAILABLE',
  });
  expect(envelopeOf(res).success).toBe(false);
  expect(res.headers['retry-after']).toMatch(/^[1-9]\d*$/);
  expect(ms).toBeLessThan(withinMs);
}

/** Repeats a request until it answers `status`, for at most RECOVERY_MS. */
async function eventually(send: () => PromiseLike<Response>, status: number): Promise<Response> {
  const deadline = Date.now() + RECOVERY_MS;
  for (;;) {
    const res = await send();
    if (res.status === status || Date.now() > deadline) {
      return res;
    }
    await sleep(200);
  }
}

describe('database outage (e2e)', () => {
  let proxy: TcpProxy;
  let t: TestApp;
  let patient: TestUser;
  const duringOutageEmail = uniqueEmail('outage');
  const inFlightEmail = uniqueEmail('inflight');

  const login = (email: string): PromiseLike<Response> =>
    t.http.post(`${API}/auth/login`).send({ email, password: DEFAULT_PASSWORD });
  const register = (email: string): PromiseLike<Response> =>
    t.http
      .post(`${API}/auth/register`)
      .send({ name: 'Outage Patient', email, password: DEFAULT_PASSWORD });

  beforeAll(async () => {
    const target = new URL(process.env.MONGODB_URI ?? '');
    proxy = await TcpProxy.start(target.hostname, Number(target.port || 27017));
    t = await createTestApp({ mongodbUri: proxy.uriFor(uniqueDatabaseUri()) });
    patient = await registerPatient(t);
  });

  afterAll(async () => {
    await proxy.restore().catch(() => undefined);
    await t.close();
    await proxy.close();
  });

  it('serves normally while MongoDB is reachable', async () => {
    await t.http.get(`${API}/doctors`).expect(200);
    await t.http.get(`${API}/users/me`).set(bearer(patient.accessToken)).expect(200);
  });

  it('answers 503 to requests in flight when the connection drops', async () => {
    proxy.hold();
    let settled = false;
    const read = timed(t.http.get(`${API}/doctors`)).finally(() => (settled = true));
    const write = timed(register(inFlightEmail)).finally(() => (settled = true));
    const deadline = Date.now() + 5000;
    while (proxy.heldReplies === 0 && Date.now() < deadline) {
      await sleep(20);
    }
    // Both requests reach MongoDB within this; their replies are the ones being held.
    await sleep(300);
    expect(settled).toBe(false);

    const cutAt = Date.now();
    await proxy.cut();
    const [reads, writes] = await Promise.all([read, write]);
    expectUnavailable({ res: reads.res, ms: Date.now() - cutAt }, IN_FLIGHT_MS);
    expectUnavailable({ res: writes.res, ms: Date.now() - cutAt }, IN_FLIGHT_MS);
  });

  it('answers 503 fast with Retry-After to every request that needs the database', async () => {
    expectUnavailable(await timed(t.http.get(`${API}/doctors`)));
    expectUnavailable(await timed(login(patient.email)));
    expectUnavailable(await timed(t.http.get(`${API}/users/me`).set(bearer(patient.accessToken))));
    expectUnavailable(await timed(register(duringOutageEmail)));
  });

  it('turns requests away at once, without waiting for MongoDB, once the outage is known', async () => {
    const res = await timed(t.http.get(`${API}/doctors`));
    expectUnavailable(res, 1000);
  });

  it('keeps liveness at 200 and readiness at 503', async () => {
    const live = await timed(t.http.get(`${API}/health`));
    expect(live.res.status).toBe(200);
    expect(dataOf<HealthDto>(live.res)).toEqual({ status: 'ok' });
    const ready = await timed(t.http.get(`${API}/health/ready`));
    expect(ready.res.status).toBe(503);
    expect(ready.ms).toBeLessThan(FAST_MS);
  });

  it('recovers by itself when MongoDB is back, with no partial writes', async () => {
    await proxy.restore();
    const doctors = await eventually(() => t.http.get(`${API}/doctors`), 200);
    expect(doctors.status).toBe(200);
    expect((await login(patient.email)).status).toBe(200);
    await t.http.get(`${API}/users/me`).set(bearer(patient.accessToken)).expect(200);
    await t.http.get(`${API}/health/ready`).expect(200);

    // Turned away before touching the database: no trace of the account.
    const refused = await login(duringOutageEmail);
    expect({ status: refused.status, code: errorOf(refused).code }).toEqual({
      status: 401,
      code: 'INVALID_CREDENTIALS',
    });
    await register(duringOutageEmail).then((res) => expect(res.status).toBe(201));

    // Cut mid-write: the account exists completely (it signs in and reads back) or not at all.
    const inFlight = await login(inFlightEmail);
    if (inFlight.status === 200) {
      const me = await t.http
        .get(`${API}/users/me`)
        .set(bearer(dataOf<AuthTokensDto>(inFlight).accessToken));
      expect(me.status).toBe(200);
      expect(dataOf<UserResponseDto>(me)).toMatchObject({
        email: inFlightEmail,
        name: 'Outage Patient',
      });
    } else {
      expect(inFlight.status).toBe(401);
      await register(inFlightEmail).then((res) => expect(res.status).toBe(201));
    }
  });
});
