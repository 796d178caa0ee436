import { AppointmentStatus } from '../../src/modules/appointments/domain/appointment-status';
import {
  appointmentModel,
  book,
  bookRequest,
  createBookableDoctor,
  createPatients,
  insertAppointment,
  slotAfter,
} from '../factories/appointments.factory';
import type { TestDoctor } from '../factories/doctors.factory';
import { bearer, type TestUser } from '../factories/users.factory';
import { UNLIMITED, createTestApp, type TestApp } from '../utils/test-app';
import { API } from '../utils/http';
import { dataOf, errorOf } from '../utils/responses';
import type { AppointmentResponseDto } from '../../src/modules/appointments/dto/appointment-response.dto';

const CONCURRENT = 200;

/** Answers of one round of concurrent requests, counted by "status code" or "status CODE". */
function tally(responses: Array<{ status: number; body: { code?: string } }>) {
  const counts: Record<string, number> = {};
  for (const r of responses) {
    const key = r.status >= 400 ? `${r.status} ${errorOf(r).code}` : String(r.status);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

describe('appointments under concurrency (e2e)', () => {
  let t: TestApp;
  let second: TestApp;
  let doctor: TestDoctor;
  let patients: TestUser[];
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    t = await createTestApp();
    // A second app instance over the same database, as behind a load balancer.
    second = await createTestApp({ env: UNLIMITED, mongodbUri: t.config.MONGODB_URI });
    doctor = await createBookableDoctor(t);
    patients = await createPatients(t, CONCURRENT);
  });

  afterAll(async () => {
    // How long the races took on this machine (reported, not asserted).
    process.stdout.write(`race timings (ms): ${JSON.stringify(timings)}\n`);
    await second.close({ dropDatabase: false });
    await t.close();
  });

  const activeAt = (startsAt: Date) =>
    appointmentModel(t).countDocuments({ doctorId: doctor.id, startsAt, active: true });

  it(`lets exactly one of ${CONCURRENT} patients book the same slot`, async () => {
    const slot = slotAfter(5);
    const started = Date.now();
    const responses = await Promise.all(patients.map((p) => bookRequest(t, p, doctor.id, slot)));
    timings.oneInstance = Date.now() - started;
    expect(tally(responses)).toEqual({ '201': 1, [`409 SLOT_TAKEN`]: CONCURRENT - 1 });
    expect(await activeAt(slot)).toBe(1);
    const winner = responses.find((r) => r.status === 201);
    const all = await appointmentModel(t).find({ doctorId: doctor.id, startsAt: slot }).lean();
    expect(all.map((a) => a._id.toHexString())).toEqual([
      dataOf<AppointmentResponseDto>(winner!).id,
    ]);
  });

  it(`lets exactly one of ${CONCURRENT} patients book the same slot across two app instances`, async () => {
    const slot = slotAfter(7);
    const started = Date.now();
    const responses = await Promise.all(
      patients.map((p, i) => bookRequest(i % 2 === 0 ? t : second, p, doctor.id, slot)),
    );
    timings.twoInstances = Date.now() - started;
    expect(tally(responses)).toEqual({ '201': 1, [`409 SLOT_TAKEN`]: CONCURRENT - 1 });
    expect(await activeAt(slot)).toBe(1);
  });

  it('books once for a double click with one Idempotency-Key, and answers every click alike', async () => {
    const patient = patients[0];
    const slot = slotAfter(9);
    const key = `double-click-${Date.now()}`;
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        bookRequest(i % 2 === 0 ? t : second, patient, doctor.id, slot, key),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
    const bodies = new Set(responses.map((r) => JSON.stringify(r.body)));
    expect(bodies.size).toBe(1);
    expect(await appointmentModel(t).countDocuments({ doctorId: doctor.id, startsAt: slot })).toBe(
      1,
    );
  });

  it('applies exactly one of a concurrent cancel and complete on a started appointment', async () => {
    for (let round = 0; round < 10; round++) {
      const startsAt = new Date(Date.now() - (round + 1) * 3_600_000);
      const id = await insertAppointment(t, {
        doctorId: doctor.id,
        patientId: patients[round + 1].id,
        startsAt,
      });
      const [cancel, complete] = await Promise.all([
        t.http
          .post(`${API}/appointments/${id}/cancel`)
          .set(bearer(doctor.accessToken))
          .send({ reason: 'Clinic closed' }),
        second.http.post(`${API}/appointments/${id}/complete`).set(bearer(doctor.accessToken)),
      ]);
      const statuses = [cancel.status, complete.status].sort();
      expect(statuses).toEqual([200, 409]);
      const loser = cancel.status === 409 ? cancel : complete;
      expect(errorOf(loser).code).toBe('INVALID_TRANSITION');
      const stored = await appointmentModel(t).findById(id).lean();
      const expected =
        cancel.status === 200 ? AppointmentStatus.Cancelled : AppointmentStatus.Completed;
      expect(stored?.status).toBe(expected);
      expect(stored?.history.map((h) => h.status)).toEqual([AppointmentStatus.Confirmed, expected]);
      expect(stored?.active).toBeUndefined();
    }
  });

  it('gives a contested slot to exactly one of a reschedule and a booking, losing nothing', async () => {
    for (let round = 0; round < 8; round++) {
      const mover = patients[20 + round];
      const booker = patients[40 + round];
      const original = slotAfter(30 + round * 2);
      const target = slotAfter(31 + round * 2);
      const appointment = await book(t, mover, doctor.id, original);
      const [moved, booked] = await Promise.all([
        (round % 2 ? second : t).http
          .post(`${API}/appointments/${appointment.id}/reschedule`)
          .set(bearer(mover.accessToken))
          .send({ startsAt: target.toISOString() }),
        bookRequest(round % 2 ? t : second, booker, doctor.id, target),
      ]);
      const winners = [moved.status === 200, booked.status === 201].filter(Boolean).length;
      expect(winners).toBe(1);
      const loser = moved.status === 200 ? booked : moved;
      expect(loser.status).toBe(409);
      expect(errorOf(loser).code).toBe('SLOT_TAKEN');
      expect(await activeAt(target)).toBe(1);
      const mine = await appointmentModel(t).findById(appointment.id).lean();
      if (moved.status === 200) {
        expect(mine?.startsAt.toISOString()).toBe(target.toISOString());
        expect(mine?.rescheduledFrom.map((d) => d.toISOString())).toEqual([original.toISOString()]);
        expect(await activeAt(original)).toBe(0);
      } else {
        expect(mine?.startsAt.toISOString()).toBe(original.toISOString());
        expect(mine?.status).toBe(AppointmentStatus.Confirmed);
        expect(mine?.active).toBe(true);
        expect(mine?.rescheduledFrom).toEqual([]);
        expect(await activeAt(original)).toBe(1);
      }
    }
  });
});
