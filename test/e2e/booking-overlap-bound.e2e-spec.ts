import { Types } from 'mongoose';
import {
  adminEnv,
  API,
  bearer,
  bookRequest,
  createBookableDoctor,
  login,
  registerPatient,
  slotAfter,
  type Account,
} from '../utils/api-journeys';
import { createTestApp, type TestApp } from '../utils/test-app';
import { dataOf, errorOf } from '../utils/responses';
import { AppointmentsRepository } from '../../src/modules/appointments/appointments.repository';
import type { AppointmentResponseDto } from '../../src/modules/appointments/dto/appointment-response.dto';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The patient's `busyUntil` on the booking lock lets a booking after everything the patient
 * holds skip the overlap query. Every state comes from the public API (a lock from before the
 * bound was kept is the one thing written directly: old data), and the overlap rule must hold
 * whichever way a booking goes.
 */
describe('booking: the overlap check and the patient bound (e2e)', () => {
  let t: TestApp;
  let doctorA: Account;
  let doctorB: Account;
  let overlapQueries: jest.SpyInstance;
  let boundQueries: jest.SpyInstance;
  const locks = () =>
    t.connection.collection<{ _id: Types.ObjectId; busyUntil?: Date }>('booking_locks');
  const boundOf = async (patient: Account) =>
    (await locks().findOne({ _id: new Types.ObjectId(patient.id) }))?.busyUntil;

  const bookOk = async (patient: Account, doctor: Account, at: Date) =>
    dataOf<AppointmentResponseDto>(await bookRequest(t, patient, doctor.id, at).expect(201));
  const expectOverlap = async (patient: Account, doctor: Account, at: Date) => {
    const res = await bookRequest(t, patient, doctor.id, at).expect(422);
    expect(errorOf(res).code).toBe('PATIENT_OVERLAP');
  };

  beforeAll(async () => {
    const { email, env } = adminEnv();
    t = await createTestApp({ env: { ...env, PAYMENT_MODE: 'clinic' } });
    const admin = await login(t, email);
    doctorA = await createBookableDoctor(t, admin);
    doctorB = await createBookableDoctor(t, admin);
    overlapQueries = jest.spyOn(t.app.get(AppointmentsRepository), 'findPatientOverlap');
    boundQueries = jest.spyOn(t.app.get(AppointmentsRepository), 'activeEndBound');
  }, 60_000);
  afterAll(() => t.close());
  beforeEach(() => {
    overlapQueries.mockClear();
    boundQueries.mockClear();
  });
  /**
   * A patient with one appointment with doctor A `hoursAhead` from now, and the lock older
   * versions left (without a bound); the spies count only what comes after.
   */
  const patientWithOldLock = async (name: string, hoursAhead: number) => {
    const patient = await registerPatient(t, name);
    const held = await bookOk(patient, doctorA, slotAfter(hoursAhead));
    await locks().updateOne({ _id: new Types.ObjectId(patient.id) }, { $unset: { busyUntil: 1 } });
    overlapQueries.mockClear();
    boundQueries.mockClear();
    return { patient, held };
  };

  it('a booking after everything the patient holds skips the query; anything earlier is checked', async () => {
    const patient = await registerPatient(t, 'Bound Patient');
    const first = await bookOk(patient, doctorA, slotAfter(24 * 10));
    // No bound yet: the patient's appointments give one (none), so nothing to check against.
    expect(boundQueries).toHaveBeenCalledTimes(1);
    expect(overlapQueries).not.toHaveBeenCalled();
    expect((await boundOf(patient))!.getTime()).toBeGreaterThanOrEqual(
      new Date(first.endsAt).getTime(),
    );

    // Same instant with another doctor: before the bound, so checked, and refused.
    overlapQueries.mockClear();
    await expectOverlap(patient, doctorB, new Date(first.startsAt));
    expect(overlapQueries).toHaveBeenCalledTimes(1);

    // Earlier than what the patient has: checked, and free.
    overlapQueries.mockClear();
    await bookOk(patient, doctorB, slotAfter(24 * 5));
    expect(overlapQueries).toHaveBeenCalledTimes(1);

    // After everything (beyond the bound): no query, and booked.
    overlapQueries.mockClear();
    const later = new Date((await boundOf(patient))!.getTime() + 60 * 60 * 1000);
    later.setUTCMinutes(0, 0, 0);
    const booked = await bookOk(patient, doctorA, later);
    expect(overlapQueries).not.toHaveBeenCalled();
    expect((await boundOf(patient))!.getTime()).toBe(new Date(booked.endsAt).getTime());

    // ...and what it booked is protected like any other appointment.
    await expectOverlap(patient, doctorB, later);
  });

  it('a reschedule raises the bound, so the moved appointment is still protected', async () => {
    const patient = await registerPatient(t, 'Moving Patient');
    const appointment = await bookOk(patient, doctorA, slotAfter(24 * 3));
    const bound = (await boundOf(patient))!.getTime();
    const movedTo = new Date(bound + 2 * DAY_MS);
    movedTo.setUTCMinutes(0, 0, 0);
    const moved = await t.http
      .post(`${API}/appointments/${appointment.id}/reschedule`)
      .set(bearer(patient.accessToken))
      .send({ startsAt: movedTo.toISOString() })
      .expect(200);
    expect((await boundOf(patient))!.getTime()).toBe(
      new Date(dataOf<AppointmentResponseDto>(moved).endsAt).getTime(),
    );
    await expectOverlap(patient, doctorB, movedTo);
    // The slot it left is free for the patient again (the bound only ever errs high).
    await bookOk(patient, doctorB, new Date(appointment.startsAt));
  });

  it('a cancelled appointment leaves the bound high: the next booking is checked, and free', async () => {
    const patient = await registerPatient(t, 'Cancelling Patient');
    const appointment = await bookOk(patient, doctorA, slotAfter(24 * 4));
    await t.http
      .post(`${API}/appointments/${appointment.id}/cancel`)
      .set(bearer(patient.accessToken))
      .send({})
      .expect(200);
    overlapQueries.mockClear();
    await bookOk(patient, doctorB, new Date(appointment.startsAt));
    expect(overlapQueries).toHaveBeenCalledTimes(1);
  });

  it('a lock written before the bound was kept: the first booking computes it from the appointments', async () => {
    const { patient, held: far } = await patientWithOldLock('Old Lock Patient', 24 * 20);

    // A booking well before the existing one: checked (no bound), booked, and the bound now
    // covers the appointment the patient already had, not just the new one.
    await bookOk(patient, doctorB, slotAfter(24 * 2));
    expect((await boundOf(patient))!.getTime()).toBeGreaterThanOrEqual(
      new Date(far.endsAt).getTime(),
    );
    overlapQueries.mockClear();
    await expectOverlap(patient, doctorB, new Date(far.startsAt));
    expect(overlapQueries).toHaveBeenCalledTimes(1);
  });

  it('a lock without a bound and a booking over what the patient has: 422 PATIENT_OVERLAP', async () => {
    const { patient, held } = await patientWithOldLock('Old Lock Overlap', 24 * 12);
    await expectOverlap(patient, doctorB, new Date(held.startsAt));
    expect(boundQueries).toHaveBeenCalledTimes(1);
    expect(overlapQueries).toHaveBeenCalledTimes(1);
    // Refused, so nothing committed: the lock is as it was, still without a bound.
    expect(await boundOf(patient)).toBeUndefined();
  });

  it('a lock without a bound and a booking after everything the patient has: one query, 201', async () => {
    const { patient, held } = await patientWithOldLock('Old Lock Later', 24 * 3);
    const booked = await bookOk(patient, doctorB, slotAfter(24 * 9));
    expect(boundQueries).toHaveBeenCalledTimes(1);
    expect(overlapQueries).not.toHaveBeenCalled();
    expect((await boundOf(patient))!.getTime()).toBe(new Date(booked.endsAt).getTime());
    // The appointment it had is still protected.
    await expectOverlap(patient, doctorB, new Date(held.startsAt));
  });

  it('two overlapping bookings of one patient at once: one 201, one 422 PATIENT_OVERLAP', async () => {
    const patient = await registerPatient(t, 'Racing Patient');
    const at = slotAfter(24 * 25);
    const [x, y] = await Promise.all([
      bookRequest(t, patient, doctorA.id, at),
      bookRequest(t, patient, doctorB.id, at),
    ]);
    expect([x.status, y.status].sort()).toEqual([201, 422]);
    expect(errorOf(x.status === 422 ? x : y).code).toBe('PATIENT_OVERLAP');
  });
});
