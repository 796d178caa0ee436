import { AppointmentEvents } from '../../src/modules/appointments/appointments.events';
import { AppointmentsRepository } from '../../src/modules/appointments/appointments.repository';
import { AppointmentsService } from '../../src/modules/appointments/appointments.service';
import { AppointmentStatus } from '../../src/modules/appointments/domain/appointment-status';
import { CloseOutJob } from '../../src/modules/jobs/close-out.job';
import { HoldReleaseJob } from '../../src/modules/jobs/hold-release.job';
import { ReminderJob } from '../../src/modules/jobs/reminder.job';
import {
  appointmentModel,
  book,
  bookRequest,
  createBookableDoctor,
  insertAppointment,
  slotAfter,
} from '../factories/appointments.factory';
import type { TestDoctor } from '../factories/doctors.factory';
import { bearer, registerPatient, type TestUser } from '../factories/users.factory';
import { winningPlanStages } from '../utils/explain';
import {
  captureAppointmentEvents as captureEvents,
  type Captured,
} from '../factories/appointments.factory';
import { drainOutbox } from '../utils/outbox';
import { createTestApp, type TestApp } from '../utils/test-app';
import { API } from '../utils/http';
import { dataOf, errorOf } from '../utils/responses';
import type { SlotsResponseDto } from '../../src/modules/availability/dto/slots-response.dto';
import type { AppointmentResponseDto } from '../../src/modules/appointments/dto/appointment-response.dto';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const A = `${API}/appointments`;

// Slot instants are computed from one moment, so two computations of the same slot agree.
const base = new Date();
const slot = (hoursAhead: number): Date => slotAfter(hoursAhead, base);

describe('appointments with online payment, and the appointment jobs (e2e)', () => {
  let t: TestApp;
  let events: Captured[];
  let doctor: TestDoctor;
  let patient: TestUser;

  beforeAll(async () => {
    t = await createTestApp({
      env: {
        PAYMENT_MODE: 'online',
        HOLD_MINUTES: '15',
        MAX_UNPAID_HOLDS: '2',
        CLOSE_OUT_GRACE_MINUTES: '60',
        REMINDER_LEAD_HOURS: '24',
      },
    });
    events = captureEvents(t);
    [doctor, patient] = await Promise.all([createBookableDoctor(t), registerPatient(t)]);
  });
  afterAll(() => t.close());

  const slotAvailable = async (instant: Date): Promise<boolean | undefined> => {
    const day = instant.toISOString().slice(0, 10);
    const res = await t.http
      .get(`${API}/doctors/${doctor.id}/slots`)
      .query({ from: day, to: day })
      .expect(200);
    const slots = (
      dataOf<SlotsResponseDto>(res).days as Array<{
        slots: Array<{ start: string; available: boolean }>;
      }>
    ).flatMap((d) => d.slots);
    return slots.find((s) => s.start === instant.toISOString())?.available;
  };

  describe('holds', () => {
    it('holds the slot unpaid for HOLD_MINUTES', async () => {
      const before = Date.now();
      const a = await book(t, patient, doctor.id, slot(30));
      expect(a).toMatchObject({ status: 'pending', paymentState: 'unpaid' });
      const expires = new Date(a.holdExpiresAt as string).getTime();
      expect(expires).toBeGreaterThanOrEqual(before + 15 * MINUTE);
      expect(expires).toBeLessThanOrEqual(Date.now() + 15 * MINUTE);
      expect(await slotAvailable(slot(30))).toBe(false);
    });

    it('limits a patient to MAX_UNPAID_HOLDS live unpaid holds', async () => {
      const p = await registerPatient(t);
      await book(t, p, doctor.id, slot(40));
      const second = await book(t, p, doctor.id, slot(41));
      const third = await bookRequest(t, p, doctor.id, slot(42)).expect(422);
      expect(third.body).toMatchObject({ code: 'TOO_MANY_HOLDS', details: { limit: 2 } });
      await t.http.post(`${A}/${second.id}/cancel`).set(bearer(p.accessToken)).send({}).expect(200);
      await bookRequest(t, p, doctor.id, slot(42)).expect(201);
    });

    it('keeps the hold limit under concurrent bookings of one patient (two tabs)', async () => {
      const p = await registerPatient(t);
      const responses = await Promise.all(
        [50, 51, 52, 53, 54].map((h) => bookRequest(t, p, doctor.id, slot(h))),
      );
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses).toEqual([201, 201, 422, 422, 422]);
      expect(
        await appointmentModel(t).countDocuments({
          patientId: p.id,
          status: AppointmentStatus.Pending,
        }),
      ).toBe(2);
    });

    it('refuses concurrent overlapping bookings of one patient with different doctors', async () => {
      const p = await registerPatient(t);
      const other = await createBookableDoctor(t);
      const at = slot(60);
      const responses = await Promise.all([
        bookRequest(t, p, doctor.id, at),
        bookRequest(t, p, other.id, at),
      ]);
      expect(responses.map((r) => r.status).sort()).toEqual([201, 422]);
      expect(errorOf(responses.find((r) => r.status === 422)!).code).toBe('PATIENT_OVERLAP');
    });
  });

  describe('confirmation', () => {
    it('needs payment before the doctor confirms (422 PAYMENT_REQUIRED), then confirms', async () => {
      const p = await registerPatient(t);
      const a = await book(t, p, doctor.id, slot(70));
      const unpaid = await t.http
        .post(`${A}/${a.id}/confirm`)
        .set(bearer(doctor.accessToken))
        .expect(422);
      expect(unpaid.body).toMatchObject({
        code: 'PAYMENT_REQUIRED',
        details: { paymentState: 'unpaid' },
      });
      const paid = await t.get(AppointmentsService).recordPayment(a.id, 50000);
      expect(paid).toMatchObject({ paymentState: 'paid', paidAmount: 50000, holdExpiresAt: null });
      await drainOutbox(t);
      const before = events.length;
      const res = await t.http
        .post(`${A}/${a.id}/confirm`)
        .set(bearer(doctor.accessToken))
        .expect(200);
      expect(dataOf<AppointmentResponseDto>(res)).toMatchObject({
        status: 'confirmed',
        paymentState: 'paid',
      });
      await drainOutbox(t);
      expect(events.slice(before)).toEqual([
        expect.objectContaining({
          name: AppointmentEvents.Confirmed,
          payload: expect.objectContaining({
            appointmentId: a.id,
            by: { role: 'doctor', userId: doctor.id },
          }),
        }),
      ]);
      await t.http.post(`${A}/${a.id}/confirm`).set(bearer(doctor.accessToken)).expect(409);
    });

    it('confirms exactly once when the doctor double-clicks', async () => {
      const p = await registerPatient(t);
      const a = await book(t, p, doctor.id, slot(72));
      await t.get(AppointmentsService).recordPayment(a.id, 50000);
      const responses = await Promise.all(
        Array.from({ length: 5 }, () =>
          t.http.post(`${A}/${a.id}/confirm`).set(bearer(doctor.accessToken)),
        ),
      );
      expect(responses.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
      const stored = await appointmentModel(t).findById(a.id).lean();
      expect(stored?.history.map((h) => h.status)).toEqual(['pending', 'confirmed']);
    });
  });

  describe('hold release job', () => {
    it('cancels lapsed unpaid holds, frees their slots, and is idempotent', async () => {
      const p = await registerPatient(t);
      const payer = await registerPatient(t);
      const lapsing = await book(t, p, doctor.id, slot(80));
      const paidHold = await book(t, payer, doctor.id, slot(81));
      await t.get(AppointmentsService).recordPayment(paidHold.id, 50000);
      const job = t.get(HoldReleaseJob);

      expect(await job.run(new Date(Date.now() + 10 * MINUTE))).toMatchObject({ released: 0 });
      expect(await slotAvailable(slot(80))).toBe(false);

      await drainOutbox(t);
      const before = events.length;
      const later = new Date(Date.now() + 16 * MINUTE);
      const first = await job.run(later);
      expect(first.ran).toBe(true);
      expect(first.released).toBeGreaterThanOrEqual(1);
      const stored = await appointmentModel(t).findById(lapsing.id).lean();
      expect(stored).toMatchObject({
        status: AppointmentStatus.Cancelled,
        cancellation: { by: 'system', reason: 'payment_timeout', refundDue: 0 },
      });
      expect(stored?.active).toBeUndefined();
      expect(stored?.history.at(-1)).toMatchObject({
        status: 'cancelled',
        by: null,
        byRole: 'system',
        reason: 'payment_timeout',
      });
      expect(await slotAvailable(slot(80))).toBe(true);
      await drainOutbox(t);
      const cancelledEvents = events
        .slice(before)
        .filter((e) => e.payload.appointmentId === lapsing.id);
      expect(cancelledEvents).toEqual([
        expect.objectContaining({ name: AppointmentEvents.Cancelled }),
      ]);
      // A paid hold does not lapse.
      expect((await appointmentModel(t).findById(paidHold.id).lean())?.status).toBe('pending');

      expect(await job.run(later)).toEqual({ ran: true, released: 0 });
      await drainOutbox(t);
      expect(
        events.slice(before).filter((e) => e.payload.appointmentId === lapsing.id),
      ).toHaveLength(1);
      // Someone else can book the freed slot.
      await book(t, await registerPatient(t), doctor.id, slot(80));
    });

    it('does nothing on its schedule while JOBS_ENABLED is false', async () => {
      const p = await registerPatient(t);
      const a = await book(t, p, doctor.id, slot(90));
      await appointmentModel(t).updateOne(
        { _id: a.id },
        { $set: { holdExpiresAt: new Date(Date.now() - MINUTE) } },
      );
      await t.get(HoldReleaseJob).onSchedule();
      expect((await appointmentModel(t).findById(a.id).lean())?.status).toBe('pending');
    });

    it('finds lapsed holds through the pending_hold_expiry index', async () => {
      const explained = await t.get(AppointmentsRepository).explainExpiredHolds(new Date(), 100);
      const stages = winningPlanStages(explained);
      expect(stages.map((s) => s.stage)).not.toContain('COLLSCAN');
      expect(stages.find((s) => s.stage === 'IXSCAN')).toMatchObject({
        indexName: 'pending_hold_expiry',
      });
    });
  });

  describe('close-out job', () => {
    it('completes confirmed appointments once their end plus the grace period has passed', async () => {
      const p = await registerPatient(t);
      const now = Date.now();
      const ended = await insertAppointment(t, {
        doctorId: doctor.id,
        patientId: p.id,
        startsAt: new Date(now - 3 * HOUR + 1_000),
      });
      const inGrace = await insertAppointment(t, {
        doctorId: doctor.id,
        patientId: p.id,
        startsAt: new Date(now - 60 * MINUTE + 3_000),
      });
      const pendingOld = await insertAppointment(t, {
        doctorId: doctor.id,
        patientId: p.id,
        startsAt: new Date(now - 5 * HOUR + 5_000),
        status: AppointmentStatus.Pending,
        paymentState: 'paid',
      });
      await drainOutbox(t);
      const before = events.length;
      const job = t.get(CloseOutJob);
      const result = await job.run(new Date(now));
      expect(result.ran).toBe(true);
      const byId = async (id: string) => (await appointmentModel(t).findById(id).lean())?.status;
      expect(await byId(ended)).toBe('completed');
      expect(await byId(inGrace)).toBe('confirmed');
      expect(await byId(pendingOld)).toBe('pending');
      await drainOutbox(t);
      const completed = events.slice(before).filter((e) => e.payload.appointmentId === ended);
      expect(completed).toEqual([
        expect.objectContaining({
          name: AppointmentEvents.Completed,
          payload: expect.objectContaining({ by: { role: 'system', userId: null } }),
        }),
      ]);
      expect((await appointmentModel(t).findById(ended).lean())?.active).toBeUndefined();
      await job.run(new Date(now));
      await drainOutbox(t);
      expect(events.slice(before).filter((e) => e.payload.appointmentId === ended)).toHaveLength(1);
      await job.run(new Date(now + 31 * MINUTE));
      expect(await byId(inGrace)).toBe('completed');
    });
  });

  describe('reminder job', () => {
    it('announces confirmed appointments within the lead time exactly once', async () => {
      const p = await registerPatient(t);
      // Booked more than the lead time ahead (a booking made inside it gets no reminder); the
      // job runs 8 h later, when `soon` is within the lead time and `far` is not.
      const soon = await book(t, p, doctor.id, slot(30));
      const far = await book(t, p, doctor.id, slot(60));
      const unpaid = await book(t, await registerPatient(t), doctor.id, slot(31));
      for (const a of [soon, far]) {
        await t.get(AppointmentsService).recordPayment(a.id, 50000);
        await t.http.post(`${A}/${a.id}/confirm`).set(bearer(doctor.accessToken)).expect(200);
      }
      const job = t.get(ReminderJob);
      await drainOutbox(t);
      const before = events.length;
      const at = new Date(Date.now() + 8 * 3_600_000);
      await Promise.all([job.run(at), job.run(at)]);
      await job.run(at);
      await drainOutbox(t);
      const reminders = events
        .slice(before)
        .filter((e) => e.name === AppointmentEvents.ReminderDue)
        .map((e) => e.payload.appointmentId);
      expect(reminders).toContain(soon.id);
      expect(reminders.filter((id) => id === soon.id)).toHaveLength(1);
      expect(reminders).not.toContain(far.id);
      expect(reminders).not.toContain(unpaid.id);
      const stored = await appointmentModel(t).findById(soon.id).lean();
      expect(stored?.reminderSentAt).toBeInstanceOf(Date);
      await drainOutbox(t);
      const payload = events.find(
        (e) => e.name === AppointmentEvents.ReminderDue && e.payload.appointmentId === soon.id,
      )?.payload;
      expect(payload).toMatchObject({
        patientId: p.id,
        doctorId: doctor.id,
        patientEmail: p.email,
      });
    });
  });
});
