import mongoose, { Types } from 'mongoose';
import { randomBytes } from 'node:crypto';
import type { Response } from 'supertest';
import { createTestApp, uniqueDatabaseUri, type TestApp } from '../utils/test-app';

// Deliberately no factories: they import schema modules, and a schema built before the app's
// mongoose settings (strict: 'throw') behaves unlike production, which hid the bug this guards.

const API = '/api/v1';
const CONCURRENT = 200;
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const PASSWORD = 'Str0ng-pass-phrase';
const uniqueEmail = (prefix: string) => `${prefix}-${randomBytes(6).toString('hex')}@example.com`;
const ADMIN = { email: uniqueEmail('admin'), password: PASSWORD };
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

interface Account {
  id: string;
  accessToken: string;
}

async function login(t: TestApp, email: string, password: string): Promise<Account> {
  const res = await t.http.post(`${API}/auth/login`).send({ email, password }).expect(200);
  return { id: res.body.data.user.id, accessToken: res.body.data.accessToken };
}

async function registerPatient(t: TestApp, name: string): Promise<Account> {
  const res = await t.http
    .post(`${API}/auth/register`)
    .send({ name, email: uniqueEmail('patient'), password: PASSWORD })
    .expect(201);
  return { id: res.body.data.user.id, accessToken: res.body.data.accessToken };
}

const HALF_HOUR_MS = 30 * 60_000;
/** The first half-hour boundary at least `hours` from now: a slot of an all-day schedule. */
const slotAfter = (hours: number) =>
  new Date(Math.ceil((Date.now() + hours * 3_600_000) / HALF_HOUR_MS) * HALF_HOUR_MS);

const bookRequest = (
  t: TestApp,
  patient: Account,
  doctorId: string,
  startsAt: Date,
  idempotencyKey?: string,
) => {
  const req = t.http
    .post(`${API}/appointments`)
    .set(bearer(patient.accessToken))
    .send({ doctorId, startsAt: startsAt.toISOString() });
  return idempotencyKey === undefined ? req : req.set('Idempotency-Key', idempotencyKey);
};

/** Answers of one round of concurrent requests, counted by "status" or "status CODE". */
function tally(responses: Response[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of responses) {
    const key = r.status >= 400 ? `${r.status} ${String(r.body.code)}` : String(r.status);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** Runs `make` for 0..count-1, a few at a time. */
async function inBatches<T>(count: number, make: (i: number) => Promise<T>, size = 16) {
  const out = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) out[i] = await make(i);
  };
  await Promise.all(Array.from({ length: Math.min(size, count) }, worker));
  return out;
}

/**
 * Booking journeys whose whole state comes from the public API: the admin signs in and creates
 * the doctor (multipart, with address and image), the doctor sets hours, patients register.
 * A doctor written straight to the database hid a bug where an aborted booking transaction
 * answered 400 "Unknown field" instead of 409 SLOT_TAKEN.
 */
describe('booking races, state set up through the API only (e2e)', () => {
  let t: TestApp;
  let second: TestApp;
  let doctorId: string;
  let patients: Account[];

  beforeAll(async () => {
    const env = { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password };
    t = await createTestApp({ env, mongodbUri: uniqueDatabaseUri() });
    // A second app instance over the same database, as behind a load balancer.
    second = await createTestApp({ env, mongodbUri: t.config.MONGODB_URI });
    const admin = await login(t, ADMIN.email, ADMIN.password);
    const email = uniqueEmail('doctor');
    const created = await t.http
      .post(`${API}/admin/doctors`)
      .set(bearer(admin.accessToken))
      .field('name', 'Dr. Race Condition')
      .field('email', email)
      .field('password', PASSWORD)
      .field('speciality', 'general-physician')
      .field('degree', 'MBBS')
      .field('experienceYears', '7')
      .field('about', 'Sees one patient per slot.')
      .field('fee', '50000')
      .field('currency', 'INR')
      .field('address[line1]', '12 MG Road')
      .field('address[line2]', 'Bengaluru 560001')
      .field('timezone', 'UTC')
      .attach('image', PNG, 'face.png')
      .expect(201);
    expect(created.body.data.imageUrl).toMatch(/\/uploads\/doctors\/[0-9a-f]{32}\.png$/);
    doctorId = created.body.data.id;
    const doctor = await login(t, email, PASSWORD);
    const allDay = [{ start: '00:00', end: '24:00' }];
    await t.http
      .put(`${API}/doctors/me/schedule`)
      .set(bearer(doctor.accessToken))
      .send({
        slotMinutes: 30,
        bufferMinutes: 0,
        minNoticeMinutes: 60,
        maxAdvanceDays: 30,
        weekly: Object.fromEntries(
          ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, allDay]),
        ),
      })
      .expect(200);
    patients = await inBatches(CONCURRENT, (i) => registerPatient(t, `Patient ${i}`));
  });

  afterAll(async () => {
    await second.close({ dropDatabase: false });
    await t.close();
  });

  it('answers 409 SLOT_TAKEN to a sequential booking of a taken slot', async () => {
    const slot = slotAfter(3);
    await bookRequest(t, patients[0], doctorId, slot).expect(201);
    const res = await bookRequest(t, patients[1], doctorId, slot).expect(409);
    expect(res.body.code).toBe('SLOT_TAKEN');
    // The same on the other instance, and with an Idempotency-Key (replayed alike).
    const other = await bookRequest(second, patients[2], doctorId, slot).expect(409);
    expect(other.body.code).toBe('SLOT_TAKEN');
    const key = `taken-${Date.now()}`;
    const first = await bookRequest(t, patients[3], doctorId, slot, key).expect(409);
    const repeat = await bookRequest(second, patients[3], doctorId, slot, key).expect(409);
    expect([first.body.code, repeat.body.code]).toEqual(['SLOT_TAKEN', 'SLOT_TAKEN']);
  });

  it(`gives one slot to exactly one of ${CONCURRENT} patients on one instance`, async () => {
    const slot = slotAfter(5);
    const responses = await Promise.all(patients.map((p) => bookRequest(t, p, doctorId, slot)));
    expect(tally(responses)).toEqual({ '201': 1, '409 SLOT_TAKEN': CONCURRENT - 1 });
  });

  it(`gives one slot to exactly one of ${CONCURRENT} patients across two instances`, async () => {
    const slot = slotAfter(7);
    const responses = await Promise.all(
      patients.map((p, i) => bookRequest(i % 2 === 0 ? t : second, p, doctorId, slot)),
    );
    expect(tally(responses)).toEqual({ '201': 1, '409 SLOT_TAKEN': CONCURRENT - 1 });
  });

  it('answers 409 SLOT_TAKEN to a sequential reschedule onto a taken slot', async () => {
    const taken = slotAfter(9);
    await bookRequest(t, patients[0], doctorId, taken).expect(201);
    const mine = await bookRequest(t, patients[1], doctorId, slotAfter(10)).expect(201);
    const res = await t.http
      .post(`${API}/appointments/${mine.body.data.id}/reschedule`)
      .set(bearer(patients[1].accessToken))
      .send({ startsAt: taken.toISOString() })
      .expect(409);
    expect(res.body.code).toBe('SLOT_TAKEN');
  });

  it(`moves exactly one of ${CONCURRENT} bookings onto one slot, on one and on two instances`, async () => {
    for (const [round, instances] of [
      [0, [t]],
      [1, [t, second]],
    ] as const) {
      // Each patient holds a slot of their own (12:00 onwards, one per half hour)...
      const base = slotAfter(24 + round * 120).getTime();
      const bookings = await inBatches(CONCURRENT, (i) =>
        bookRequest(t, patients[i], doctorId, new Date(base + (i + 1) * 30 * 60_000)).expect(201),
      );
      // ...and all of them ask for the same free one.
      const target = new Date(base).toISOString();
      const responses = await Promise.all(
        bookings.map((b, i) =>
          instances[i % instances.length].http
            .post(`${API}/appointments/${b.body.data.id}/reschedule`)
            .set(bearer(patients[i].accessToken))
            .send({ startsAt: target }),
        ),
      );
      expect(tally(responses)).toEqual({ '200': 1, '409 SLOT_TAKEN': CONCURRENT - 1 });
    }
  });

  describe('behind a transaction abandoned by a killed instance', () => {
    let raw: mongoose.Connection;

    beforeAll(async () => {
      raw = await mongoose.createConnection(String(t.config.MONGODB_URI)).asPromise();
    });
    afterAll(() => raw.close());

    // What a crashed instance leaves behind: the patient's booking lock written in a
    // transaction that nobody will commit (MongoDB would abort it after 60 s).
    async function abandonedLock(patientId: string): Promise<mongoose.mongo.ClientSession> {
      const session = await raw.startSession();
      session.startTransaction();
      await raw
        .collection('booking_locks')
        .updateOne(
          { _id: new Types.ObjectId(patientId) },
          { $inc: { v: 1 } },
          { upsert: true, session },
        );
      return session;
    }

    const expectRetryLater = (res: Response, startedAt: number) => {
      expect(Date.now() - startedAt).toBeLessThan(3_000);
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('CONFLICT_RETRY');
      expect(res.body.message).toMatch(/retry/i);
      expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    };

    it('fails a booking fast with 409 CONFLICT_RETRY, then books once the transaction is gone', async () => {
      const patient = patients[50];
      // Clear of the slots the races above used.
      const slot = slotAfter(600);
      const session = await abandonedLock(patient.id);
      try {
        const started = Date.now();
        expectRetryLater(await bookRequest(second, patient, doctorId, slot), started);
        // With an Idempotency-Key the collision is not remembered: the retry runs afresh.
        const key = `abandoned-${Date.now()}`;
        expectRetryLater(await bookRequest(t, patient, doctorId, slot, key), Date.now());
        await session.abortTransaction();
        await bookRequest(second, patient, doctorId, slot, key).expect(201);
      } finally {
        if (session.inTransaction()) await session.abortTransaction();
        await session.endSession();
      }
    }, 20_000);

    it('fails a reschedule fast with 409 CONFLICT_RETRY, then moves it once the transaction is gone', async () => {
      const patient = patients[51];
      const booked = await bookRequest(t, patient, doctorId, slotAfter(602)).expect(201);
      const reschedule = (app: TestApp) =>
        app.http
          .post(`${API}/appointments/${booked.body.data.id}/reschedule`)
          .set(bearer(patient.accessToken))
          .send({ startsAt: slotAfter(604).toISOString() });
      const session = await abandonedLock(patient.id);
      try {
        expectRetryLater(await reschedule(second), Date.now());
        await session.abortTransaction();
        await reschedule(t).expect(200);
      } finally {
        if (session.inTransaction()) await session.abortTransaction();
        await session.endSession();
      }
    }, 20_000);
  });
});
