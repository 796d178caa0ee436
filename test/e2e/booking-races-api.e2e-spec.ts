import mongoose, { Types } from 'mongoose';
import type { Response } from 'supertest';
import {
  adminEnv,
  API,
  bearer,
  bookRequest,
  createBookableDoctor,
  inBatches,
  login,
  registerPatient,
  slotAfter,
  tally,
  type Account,
} from '../utils/api-journeys';
import { UNLIMITED, createTestApp, type TestApp } from '../utils/test-app';
import { dataOf, errorOf } from '../utils/responses';
import type { AppointmentResponseDto } from '../../src/modules/appointments/dto/appointment-response.dto';

const CONCURRENT = 200;

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
    const { email: adminEmail, env } = adminEnv();
    t = await createTestApp({ env });
    // A second app instance over the same database, as behind a load balancer.
    second = await createTestApp({
      env: { ...env, ...UNLIMITED },
      mongodbUri: t.config.MONGODB_URI,
    });
    const admin = await login(t, adminEmail);
    const doctor = await createBookableDoctor(t, admin);
    expect(doctor.imageUrl).toMatch(/\/uploads\/doctors\/[0-9a-f]{32}\.png$/);
    doctorId = doctor.id;
    patients = await inBatches(CONCURRENT, (i) => registerPatient(t, `Patient ${i}`));
  }, 120_000);

  afterAll(async () => {
    await second.close({ dropDatabase: false });
    await t.close();
  });

  it('answers 409 SLOT_TAKEN to a sequential booking of a taken slot', async () => {
    const slot = slotAfter(3);
    await bookRequest(t, patients[0], doctorId, slot).expect(201);
    const res = await bookRequest(t, patients[1], doctorId, slot).expect(409);
    expect(errorOf(res).code).toBe('SLOT_TAKEN');
    // The same on the other instance, and with an Idempotency-Key (replayed alike).
    const other = await bookRequest(second, patients[2], doctorId, slot).expect(409);
    expect(errorOf(other).code).toBe('SLOT_TAKEN');
    const key = `taken-${Date.now()}`;
    const first = await bookRequest(t, patients[3], doctorId, slot, key).expect(409);
    const repeat = await bookRequest(second, patients[3], doctorId, slot, key).expect(409);
    expect([errorOf(first).code, errorOf(repeat).code]).toEqual(['SLOT_TAKEN', 'SLOT_TAKEN']);
  });

  it(`gives one slot to exactly one of ${CONCURRENT} patients on one instance`, async () => {
    const slot = slotAfter(5);
    const responses = await Promise.all(patients.map((p) => bookRequest(t, p, doctorId, slot)));
    expect(tally(responses)).toEqual({ '201': 1, '409 SLOT_TAKEN': CONCURRENT - 1 });
  }, 120_000);

  it(`gives one slot to exactly one of ${CONCURRENT} patients across two instances`, async () => {
    const slot = slotAfter(7);
    const responses = await Promise.all(
      patients.map((p, i) => bookRequest(i % 2 === 0 ? t : second, p, doctorId, slot)),
    );
    expect(tally(responses)).toEqual({ '201': 1, '409 SLOT_TAKEN': CONCURRENT - 1 });
  }, 120_000);

  it('answers 409 SLOT_TAKEN to a sequential reschedule onto a taken slot', async () => {
    const taken = slotAfter(9);
    await bookRequest(t, patients[0], doctorId, taken).expect(201);
    const mine = await bookRequest(t, patients[1], doctorId, slotAfter(10)).expect(201);
    const res = await t.http
      .post(`${API}/appointments/${dataOf<AppointmentResponseDto>(mine).id}/reschedule`)
      .set(bearer(patients[1].accessToken))
      .send({ startsAt: taken.toISOString() })
      .expect(409);
    expect(errorOf(res).code).toBe('SLOT_TAKEN');
  });

  /** Each patient books a slot of their own, then all of them ask for the same free one. */
  async function rescheduleRace(instances: TestApp[], fromHours: number) {
    const base = slotAfter(fromHours).getTime();
    const bookings = await inBatches(CONCURRENT, (i) =>
      bookRequest(t, patients[i], doctorId, new Date(base + (i + 1) * 30 * 60_000)).expect(201),
    );
    const target = new Date(base).toISOString();
    const responses = await Promise.all(
      bookings.map((b, i) =>
        instances[i % instances.length].http
          .post(`${API}/appointments/${dataOf<AppointmentResponseDto>(b).id}/reschedule`)
          .set(bearer(patients[i].accessToken))
          .send({ startsAt: target }),
      ),
    );
    expect(tally(responses)).toEqual({ '200': 1, '409 SLOT_TAKEN': CONCURRENT - 1 });
  }

  it(
    `moves exactly one of ${CONCURRENT} bookings onto one slot on one instance`,
    () => rescheduleRace([t], 24),
    120_000,
  );

  it(
    `moves exactly one of ${CONCURRENT} bookings onto one slot across two instances`,
    () => rescheduleRace([t, second], 144),
    120_000,
  );

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
      expect(errorOf(res).code).toBe('CONFLICT_RETRY');
      expect(errorOf(res).message).toMatch(/retry/i);
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
        if (session.inTransaction()) {
          await session.abortTransaction();
        }
        await session.endSession();
      }
    }, 20_000);

    it('fails a reschedule fast with 409 CONFLICT_RETRY, then moves it once the transaction is gone', async () => {
      const patient = patients[51];
      const booked = await bookRequest(t, patient, doctorId, slotAfter(602)).expect(201);
      const reschedule = (app: TestApp) =>
        app.http
          .post(`${API}/appointments/${dataOf<AppointmentResponseDto>(booked).id}/reschedule`)
          .set(bearer(patient.accessToken))
          .send({ startsAt: slotAfter(604).toISOString() });
      const session = await abandonedLock(patient.id);
      try {
        expectRetryLater(await reschedule(second), Date.now());
        await session.abortTransaction();
        await reschedule(t).expect(200);
      } finally {
        if (session.inTransaction()) {
          await session.abortTransaction();
        }
        await session.endSession();
      }
    }, 20_000);

    it('fails a cancellation fast with 409 CONFLICT_RETRY while an abandoned transaction holds the appointment', async () => {
      const patient = patients[52];
      const booked = await bookRequest(t, patient, doctorId, slotAfter(606)).expect(201);
      const id = dataOf<AppointmentResponseDto>(booked).id;
      // A crashed reschedule: the appointment itself written in a transaction left open.
      const session = await raw.startSession();
      session.startTransaction();
      await raw
        .collection('appointments')
        .updateOne(
          { _id: new Types.ObjectId(id) },
          { $set: { endsAt: slotAfter(607) } },
          { session },
        );
      const cancel = (app: TestApp) =>
        app.http
          .post(`${API}/appointments/${id}/cancel`)
          .set(bearer(patient.accessToken))
          .send({ reason: 'Plans changed' });
      try {
        const started = Date.now();
        const blocked = await cancel(second);
        expect(Date.now() - started).toBeLessThan(8_000);
        // The cancellation and its outbox event commit in one transaction, which meets the
        // abandoned one's write at once.
        expect(blocked.status).toBe(409);
        expect(errorOf(blocked).code).toBe('CONFLICT_RETRY');
        expect(Number(blocked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
        await session.abortTransaction();
        await cancel(t).expect(200);
      } finally {
        if (session.inTransaction()) {
          await session.abortTransaction();
        }
        await session.endSession();
      }
    }, 30_000);
  });
});
