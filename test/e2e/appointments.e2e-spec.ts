import { Types } from 'mongoose';
import { AppointmentEvents } from '../../src/modules/appointments/appointments.events';
import { AppointmentsRepository } from '../../src/modules/appointments/appointments.repository';
import { AppointmentStatus } from '../../src/modules/appointments/domain/appointment-status';
import { UserEvents } from '../../src/modules/users/users.events';
import {
  appointmentModel,
  book,
  bookRequest,
  createBookableDoctor,
  insertAppointment,
  setDayOff,
  slotAfter,
  type AppointmentDto,
} from '../factories/appointments.factory';
import { createAdmin, type TestDoctor } from '../factories/doctors.factory';
import { bearer, registerPatient, type TestUser } from '../factories/users.factory';
import { winningPlanStages } from '../utils/explain';
import {
  captureAppointmentEvents as captureEvents,
  type Captured,
} from '../factories/appointments.factory';
import { drainOutbox, publishAndDrain } from '../utils/outbox';
import { createTestApp, type TestApp } from '../utils/test-app';
import { API } from '../utils/http';
import { PNG } from '../utils/api-journeys';
import { dataOf, errorOf, pageOf } from '../utils/responses';
import type { SlotsResponseDto } from '../../src/modules/availability/dto/slots-response.dto';
import type { AppointmentResponseDto } from '../../src/modules/appointments/dto/appointment-response.dto';

const HOUR = 3_600_000;
const A = `${API}/appointments`;
const ADMIN = `${API}/admin/appointments`;
const unknownId = () => new Types.ObjectId().toHexString();

// Slot instants are computed from one moment, so two computations of the same slot agree.
const base = new Date();
const slot = (hoursAhead: number): Date => slotAfter(hoursAhead, base);

describe('appointments (e2e)', () => {
  let t: TestApp;
  let events: Captured[];
  let doctor: TestDoctor;
  let otherDoctor: TestDoctor;
  let patient: TestUser;
  let otherPatient: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    events = captureEvents(t);
    [doctor, otherDoctor, patient, otherPatient, admin] = await Promise.all([
      createBookableDoctor(t, { name: 'Dr. Meera Iyer', fee: 70000 }),
      createBookableDoctor(t, { name: 'Dr. Other' }),
      registerPatient(t, { name: 'Asha Rao' }),
      registerPatient(t, { name: 'Ravi Kumar' }),
      createAdmin(t),
    ]);
  });
  afterAll(() => t.close());

  const slotsOn = async (doctorId: string, instant: Date) => {
    const day = instant.toISOString().slice(0, 10);
    const res = await t.http
      .get(`${API}/doctors/${doctorId}/slots`)
      .query({ from: day, to: day })
      .expect(200);
    const slots = (
      dataOf<SlotsResponseDto>(res).days as Array<{
        slots: Array<{ start: string; available: boolean }>;
      }>
    ).flatMap((d) => d.slots);
    return slots.find((s) => s.start === instant.toISOString());
  };

  describe('booking', () => {
    it('books a free slot (pay at clinic: confirmed) with snapshots, fee and history', async () => {
      const startsAt = slot(50);
      await drainOutbox(t);
      const before = events.length;
      const res = await bookRequest(t, patient, doctor.id, startsAt).expect(201);
      expect(res.body).toMatchObject({ success: true, message: 'Appointment booked' });
      const a = dataOf<AppointmentResponseDto>(res);
      expect(a).toMatchObject({
        doctorId: doctor.id,
        patientId: patient.id,
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 30 * 60_000).toISOString(),
        status: 'confirmed',
        paymentState: 'pay_at_clinic',
        holdExpiresAt: null,
        paidAmount: 0,
        fee: { amount: 70000, currency: 'INR' },
        patient: { name: 'Asha Rao', email: patient.email, phone: null, dateOfBirth: null },
        doctor: {
          name: 'Dr. Meera Iyer',
          speciality: 'general-physician',
          degree: 'MBBS',
          address: { line1: '12 MG Road', line2: 'Bengaluru' },
          timezone: 'UTC',
        },
        cancellation: null,
        history: [{ status: 'confirmed', by: patient.id, byRole: 'patient', reason: null }],
        rescheduledFrom: [],
      });
      expect(Object.keys(a)).not.toContain('_id');
      expect(Object.keys(a)).not.toContain('active');
      await drainOutbox(t);
      const booked = events.slice(before).filter((e) => e.name === AppointmentEvents.Booked);
      expect(booked).toHaveLength(1);
      expect(booked[0].payload).toMatchObject({
        appointmentId: a.id,
        patientId: patient.id,
        doctorId: doctor.id,
        status: 'confirmed',
        feeAmount: 70000,
        currency: 'INR',
        paymentState: 'pay_at_clinic',
      });
    });

    it('shows a booked slot as unavailable, and available again once cancelled', async () => {
      const startsAt = slot(52);
      expect(await slotsOn(doctor.id, startsAt)).toMatchObject({ available: true });
      const a = await book(t, patient, doctor.id, startsAt);
      expect(await slotsOn(doctor.id, startsAt)).toMatchObject({ available: false });
      await t.http
        .post(`${A}/${a.id}/cancel`)
        .set(bearer(patient.accessToken))
        .send({})
        .expect(200);
      expect(await slotsOn(doctor.id, startsAt)).toMatchObject({ available: true });
    });

    it('refuses a slot someone else holds (409 SLOT_TAKEN) and an overlapping own booking (422)', async () => {
      const startsAt = slot(54);
      await book(t, patient, doctor.id, startsAt);
      const taken = await bookRequest(t, otherPatient, doctor.id, startsAt).expect(409);
      expect(taken.body).toMatchObject({ success: false, code: 'SLOT_TAKEN' });
      const overlap = await bookRequest(t, patient, otherDoctor.id, startsAt).expect(422);
      expect(errorOf(overlap).code).toBe('PATIENT_OVERLAP');
    });

    it('refuses instants the schedule does not offer, with the reason', async () => {
      const reasons: Array<[Date, string]> = [
        [slot(-5), 'past'],
        [slot(0.2), 'min_notice'],
        [slot(24 * 33), 'beyond_horizon'],
        [new Date(slot(60).getTime() + 10 * 60_000), 'not_a_slot'],
      ];
      for (const [startsAt, reason] of reasons) {
        const res = await bookRequest(t, patient, doctor.id, startsAt).expect(422);
        expect({ reason, body: res.body }).toMatchObject({
          reason,
          body: { code: 'SLOT_NOT_OFFERED', details: { reason } },
        });
      }
    });

    it('refuses bookings outside working hours and on a day off', async () => {
      const morning = await createBookableDoctor(
        t,
        {},
        {
          weekly: Object.fromEntries(
            ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [
              d,
              [{ start: '09:00', end: '12:00' }],
            ]),
          ),
        },
      );
      const day = new Date(Date.now() + 3 * 24 * HOUR).toISOString().slice(0, 10);
      await bookRequest(t, patient, morning.id, new Date(`${day}T15:00:00Z`))
        .expect(422)
        .expect((r) => expect(errorOf(r).details).toEqual({ reason: 'not_a_slot' }));
      const inside = new Date(`${day}T10:00:00Z`);
      expect(await slotsOn(morning.id, inside)).toMatchObject({ available: true });
      await setDayOff(t, morning, day);
      await bookRequest(t, patient, morning.id, inside)
        .expect(422)
        .expect((r) => expect(errorOf(r).code).toBe('SLOT_NOT_OFFERED'));
    });

    it('refuses doctors who are not bookable (422) and unknown doctors (404)', async () => {
      const closed = await createBookableDoctor(t, { acceptingAppointments: false });
      const hidden = await createBookableDoctor(t, { visible: false });
      for (const d of [closed, hidden]) {
        const res = await bookRequest(t, patient, d.id, slot(70)).expect(422);
        expect(errorOf(res).code).toBe('DOCTOR_NOT_BOOKABLE');
      }
      const unknown = await bookRequest(t, patient, unknownId(), slot(70)).expect(404);
      expect(errorOf(unknown).code).toBe('DOCTOR_NOT_FOUND');
    });

    it('needs a patient token', async () => {
      const body = { doctorId: doctor.id, startsAt: slot(72).toISOString() };
      await t.http.post(A).send(body).expect(401);
      for (const token of [doctor.accessToken, admin.accessToken]) {
        await t.http.post(A).set(bearer(token)).send(body).expect(403);
      }
    });

    it('rejects malformed input: unknown fields, operators, bad ids and instants', async () => {
      const ok = { doctorId: doctor.id, startsAt: slot(74).toISOString() };
      const bad: Array<[Record<string, unknown>, string]> = [
        [{ ...ok, status: 'confirmed' }, 'VALIDATION_FAILED'],
        [{ ...ok, doctorId: { $ne: null } }, 'FORBIDDEN_KEY'],
        [{ ...ok, doctorId: 'not-an-id' }, 'INVALID_ID'],
        [{ ...ok, startsAt: 'tomorrow 10am' }, 'VALIDATION_FAILED'],
        [{ ...ok, startsAt: 1767225600000 }, 'VALIDATION_FAILED'],
        [{ ...ok, startsAt: ok.startsAt.slice(0, 16) }, 'VALIDATION_FAILED'],
        [{ ...ok, startsAt: ok.startsAt.slice(0, 10) }, 'VALIDATION_FAILED'],
        [{ doctorId: doctor.id }, 'VALIDATION_FAILED'],
      ];
      for (const [body, code] of bad) {
        const res = await t.http.post(A).set(bearer(patient.accessToken)).send(body);
        expect({ body, status: res.status, code: errorOf(res).code }).toEqual({
          body,
          status: 400,
          code,
        });
      }
    });
  });

  describe('idempotency', () => {
    it('replays the first answer for a repeated key and body, and books once', async () => {
      const startsAt = slot(80);
      const first = await bookRequest(t, patient, doctor.id, startsAt, 'key-replay-1').expect(201);
      const again = await bookRequest(t, patient, doctor.id, startsAt, 'key-replay-1').expect(201);
      expect(again.body).toEqual(first.body);
      expect(await appointmentModel(t).countDocuments({ startsAt })).toBe(1);
      // The same instant written differently is the same request.
      const offset = new Date(startsAt.getTime()).toISOString().replace('Z', '+00:00');
      await bookRequest(t, patient, doctor.id, offset, 'key-replay-1').expect(201);
    });

    it('refuses the same key with a different body (422) and scopes keys per user', async () => {
      await bookRequest(t, patient, doctor.id, slot(82), 'key-reuse').expect(201);
      const reused = await bookRequest(t, patient, doctor.id, slot(83), 'key-reuse').expect(422);
      expect(errorOf(reused).code).toBe('IDEMPOTENCY_KEY_REUSED');
      // Another patient's identical key is unrelated.
      await bookRequest(t, otherPatient, doctor.id, slot(84), 'key-reuse').expect(201);
    });

    it('replays a domain error too, even after the cause went away', async () => {
      const startsAt = slot(86);
      const held = await book(t, patient, doctor.id, startsAt);
      await bookRequest(t, otherPatient, doctor.id, startsAt, 'key-error').expect(409);
      await t.http.post(`${A}/${held.id}/cancel`).set(bearer(patient.accessToken)).send({});
      const replay = await bookRequest(t, otherPatient, doctor.id, startsAt, 'key-error').expect(
        409,
      );
      expect(errorOf(replay).code).toBe('SLOT_TAKEN');
      await bookRequest(t, otherPatient, doctor.id, startsAt, 'key-error-2').expect(201);
    });

    it('validates the header', async () => {
      for (const key of ['', 'x'.repeat(256), 'has space', 'tab\there', 'é']) {
        const res = await t.http
          .post(A)
          .set(bearer(patient.accessToken))
          .set('Idempotency-Key', key)
          .send({ doctorId: doctor.id, startsAt: slot(88).toISOString() });
        expect({ key, status: res.status, code: errorOf(res).code }).toEqual({
          key,
          status: 400,
          code: 'IDEMPOTENCY_KEY_INVALID',
        });
      }
      await bookRequest(t, patient, doctor.id, slot(88), 'k'.repeat(255)).expect(201);
    });
  });

  describe('reading', () => {
    let mine: AppointmentDto;
    let theirs: AppointmentDto;

    beforeAll(async () => {
      mine = await book(t, patient, otherDoctor.id, slot(100));
      theirs = await book(t, otherPatient, otherDoctor.id, slot(101));
    });

    it('shows an appointment to its patient, its doctor and admins, and 404 to everyone else', async () => {
      for (const token of [patient.accessToken, otherDoctor.accessToken, admin.accessToken]) {
        const res = await t.http.get(`${A}/${mine.id}`).set(bearer(token)).expect(200);
        expect(dataOf<AppointmentResponseDto>(res).id).toBe(mine.id);
      }
      for (const token of [otherPatient.accessToken, doctor.accessToken]) {
        const res = await t.http.get(`${A}/${mine.id}`).set(bearer(token)).expect(404);
        expect(errorOf(res).code).toBe('APPOINTMENT_NOT_FOUND');
      }
      await t.http.get(`${A}/${unknownId()}`).set(bearer(patient.accessToken)).expect(404);
      await t.http.get(`${A}/nope`).set(bearer(patient.accessToken)).expect(400);
      await t.http.get(`${A}/${mine.id}`).expect(401);
    });

    it("lists the caller's own appointments by role", async () => {
      const asPatient = await t.http.get(A).set(bearer(otherPatient.accessToken)).expect(200);
      const ids = (pageOf<AppointmentResponseDto>(asPatient).items as AppointmentDto[]).map(
        (a) => a.id,
      );
      expect(ids).toContain(theirs.id);
      expect(ids).not.toContain(mine.id);
      expect(
        (pageOf<AppointmentResponseDto>(asPatient).items as AppointmentDto[]).every(
          (a) => a.patientId === otherPatient.id,
        ),
      ).toBe(true);
      const asDoctor = await t.http.get(A).set(bearer(otherDoctor.accessToken)).expect(200);
      const doctorItems = pageOf<AppointmentResponseDto>(asDoctor).items as AppointmentDto[];
      expect(doctorItems.map((a) => a.id)).toEqual(expect.arrayContaining([mine.id, theirs.id]));
      expect(doctorItems.every((a) => a.doctorId === otherDoctor.id)).toBe(true);
      await t.http.get(A).expect(401);
      await t.http.get(A).set(bearer(admin.accessToken)).expect(403);
    });

    it('filters by status, upcoming/past and date range, in the right order', async () => {
      const p = await registerPatient(t);
      const past = await insertAppointment(t, {
        doctorId: otherDoctor.id,
        patientId: p.id,
        startsAt: new Date(Date.now() - 50 * HOUR),
        status: AppointmentStatus.Completed,
      });
      const soon = await book(t, p, otherDoctor.id, slot(110));
      const later = await book(t, p, otherDoctor.id, slot(120));
      const cancelled = await book(t, p, otherDoctor.id, slot(130));
      await t.http.post(`${A}/${cancelled.id}/cancel`).set(bearer(p.accessToken)).send({});
      const get = async (query: Record<string, string>) => {
        const res = await t.http.get(A).query(query).set(bearer(p.accessToken)).expect(200);
        return (pageOf<AppointmentResponseDto>(res).items as AppointmentDto[]).map((a) => a.id);
      };
      expect(await get({})).toEqual([cancelled.id, later.id, soon.id, past]);
      expect(await get({ when: 'upcoming' })).toEqual([soon.id, later.id, cancelled.id]);
      expect(await get({ when: 'upcoming', status: 'confirmed' })).toEqual([soon.id, later.id]);
      expect(await get({ when: 'past' })).toEqual([past]);
      expect(await get({ status: 'completed,cancelled' })).toEqual([cancelled.id, past]);
      const repeated = await t.http
        .get(`${A}?status=completed&status=cancelled`)
        .set(bearer(p.accessToken))
        .expect(200);
      expect(pageOf<AppointmentResponseDto>(repeated).total).toBe(2);
      expect(await get({ from: slot(115).toISOString(), to: slot(125).toISOString() })).toEqual([
        later.id,
      ]);
    });

    it('paginates with a capped limit', async () => {
      const res = await t.http
        .get(A)
        .query({ limit: 1, page: 2 })
        .set(bearer(otherDoctor.accessToken))
        .expect(200);
      expect(pageOf<AppointmentResponseDto>(res)).toMatchObject({ page: 2, limit: 1 });
      expect(pageOf<AppointmentResponseDto>(res).items).toHaveLength(1);
      expect(pageOf<AppointmentResponseDto>(res).total).toBeGreaterThanOrEqual(2);
      for (const query of [{ limit: 101 }, { limit: 0 }, { page: 0 }, { limit: 'ten' }]) {
        await t.http.get(A).query(query).set(bearer(patient.accessToken)).expect(400);
      }
    });

    it('rejects bad filters and operators in the query', async () => {
      const bad = [
        { status: 'booked' },
        { when: 'soon' },
        { from: 'yesterday' },
        { from: '2026-01-01T10:00' },
        { from: slot(5).toISOString(), to: slot(1).toISOString() },
        { sort: 'startsAt' },
      ];
      for (const query of bad) {
        await t.http.get(A).query(query).set(bearer(patient.accessToken)).expect(400);
      }
      const op = await t.http
        .get(`${A}?status[$ne]=cancelled`)
        .set(bearer(patient.accessToken))
        .expect(400);
      expect(errorOf(op).code).toBe('FORBIDDEN_KEY');
    });

    it('lets admins list and filter everything, and nobody else', async () => {
      const byDoctor = await t.http
        .get(ADMIN)
        .query({ doctorId: otherDoctor.id, patientId: otherPatient.id })
        .set(bearer(admin.accessToken))
        .expect(200);
      expect(
        (pageOf<AppointmentResponseDto>(byDoctor).items as AppointmentDto[]).map((a) => a.id),
      ).toEqual([theirs.id]);
      const byStatus = await t.http
        .get(ADMIN)
        .query({ status: 'cancelled', limit: 100 })
        .set(bearer(admin.accessToken))
        .expect(200);
      expect(
        (pageOf<AppointmentResponseDto>(byStatus).items as AppointmentDto[]).every(
          (a) => a.status === AppointmentStatus.Cancelled,
        ),
      ).toBe(true);
      expect(pageOf<AppointmentResponseDto>(byStatus).total).toBeGreaterThan(0);
      const one = await t.http
        .get(`${ADMIN}/${mine.id}`)
        .set(bearer(admin.accessToken))
        .expect(200);
      expect(dataOf<AppointmentResponseDto>(one).id).toBe(mine.id);
      await t.http.get(`${ADMIN}/${unknownId()}`).set(bearer(admin.accessToken)).expect(404);
      await t.http.get(`${ADMIN}/123`).set(bearer(admin.accessToken)).expect(400);
      await t.http.get(ADMIN).query({ doctorId: 'x' }).set(bearer(admin.accessToken)).expect(400);
      await t.http.get(ADMIN).expect(401);
      for (const token of [patient.accessToken, otherDoctor.accessToken]) {
        await t.http.get(ADMIN).set(bearer(token)).expect(403);
        await t.http.get(`${ADMIN}/${mine.id}`).set(bearer(token)).expect(403);
      }
    });
  });

  describe('cancellation', () => {
    const paid = (startsAt: Date, patientId: string, doctorId = doctor.id) =>
      insertAppointment(t, {
        doctorId,
        patientId,
        startsAt,
        paymentState: 'paid',
        paidAmount: 50000,
      });

    it('refunds a patient by the policy: full well ahead, half on short notice, none after the start', async () => {
      const cases: Array<[number, number, string]> = [
        [48, 50000, 'patient_24h_or_more'],
        [3, 25000, 'patient_less_than_24h'],
        [-1, 0, 'patient_after_start'],
      ];
      for (const [hours, refundDue, refundRule] of cases) {
        const id = await paid(new Date(Date.now() + hours * HOUR + 7_000), patient.id);
        await drainOutbox(t);
        const before = events.length;
        const res = await t.http
          .post(`${A}/${id}/cancel`)
          .set(bearer(patient.accessToken))
          .send({ reason: 'Cannot make it' })
          .expect(200);
        expect(dataOf<AppointmentResponseDto>(res)).toMatchObject({
          status: 'cancelled',
          cancellation: { by: 'patient', reason: 'Cannot make it', refundRule, refundDue },
        });
        await drainOutbox(t);
        const [event] = events.slice(before).filter((e) => e.name === AppointmentEvents.Cancelled);
        expect(event.payload).toMatchObject({
          appointmentId: id,
          refundDue,
          refundRule,
          paidAmount: 50000,
          by: { role: 'patient', userId: patient.id },
        });
      }
    });

    it('refunds in full when the doctor or an admin cancels; they must give a reason', async () => {
      const byDoctor = await paid(new Date(Date.now() + 2 * HOUR + 11_000), patient.id);
      const noReason = await t.http
        .post(`${A}/${byDoctor}/cancel`)
        .set(bearer(doctor.accessToken))
        .send({})
        .expect(400);
      expect(errorOf(noReason).code).toBe('REASON_REQUIRED');
      const res = await t.http
        .post(`${A}/${byDoctor}/cancel`)
        .set(bearer(doctor.accessToken))
        .send({ reason: 'Emergency' })
        .expect(200);
      expect(dataOf<AppointmentResponseDto>(res).cancellation).toMatchObject({
        by: 'doctor',
        refundPercent: 100,
        refundDue: 50000,
      });
      expect(dataOf<AppointmentResponseDto>(res).history.at(-1)).toMatchObject({
        status: 'cancelled',
        by: doctor.id,
        byRole: 'doctor',
        reason: 'Emergency',
      });

      const byAdmin = await paid(new Date(Date.now() + 2 * HOUR + 13_000), patient.id);
      await t.http
        .post(`${ADMIN}/${byAdmin}/cancel`)
        .set(bearer(admin.accessToken))
        .send({})
        .expect(400);
      const adminRes = await t.http
        .post(`${ADMIN}/${byAdmin}/cancel`)
        .set(bearer(admin.accessToken))
        .send({ reason: 'Clinic closed' })
        .expect(200);
      expect(dataOf<AppointmentResponseDto>(adminRes).cancellation).toMatchObject({
        by: 'admin',
        refundDue: 50000,
      });
      await t.http
        .post(`${ADMIN}/${byAdmin}/cancel`)
        .set(bearer(admin.accessToken))
        .send({ reason: 'again' })
        .expect(409);
      await t.http
        .post(`${ADMIN}/${unknownId()}/cancel`)
        .set(bearer(admin.accessToken))
        .send({ reason: 'x' })
        .expect(404);
      await t.http
        .post(`${ADMIN}/${byAdmin}/cancel`)
        .set(bearer(doctor.accessToken))
        .send({ reason: 'x' })
        .expect(403);
    });

    it('refuses to cancel twice (409) and hides other people’s appointments (404)', async () => {
      const a = await book(t, patient, doctor.id, slot(140));
      for (const token of [otherPatient.accessToken, otherDoctor.accessToken]) {
        const res = await t.http
          .post(`${A}/${a.id}/cancel`)
          .set(bearer(token))
          .send({ reason: 'not mine' })
          .expect(404);
        expect(errorOf(res).code).toBe('APPOINTMENT_NOT_FOUND');
      }
      await t.http
        .post(`${A}/${a.id}/cancel`)
        .set(bearer(patient.accessToken))
        .send({})
        .expect(200);
      const again = await t.http
        .post(`${A}/${a.id}/cancel`)
        .set(bearer(patient.accessToken))
        .send({})
        .expect(409);
      expect(again.body).toMatchObject({
        code: 'INVALID_TRANSITION',
        details: { status: 'cancelled' },
      });
      const stored = await appointmentModel(t).findById(a.id).lean();
      expect(stored?.active).toBeUndefined();
    });

    it('validates the cancel request', async () => {
      const a = await book(t, patient, doctor.id, slot(142));
      await t.http.post(`${A}/${a.id}/cancel`).send({}).expect(401);
      await t.http.post(`${A}/${a.id}/cancel`).set(bearer(admin.accessToken)).send({}).expect(403);
      await t.http.post(`${A}/bad/cancel`).set(bearer(patient.accessToken)).send({}).expect(400);
      for (const body of [{ reason: 'x'.repeat(501) }, { reason: 5 }, { refund: 100 }]) {
        await t.http
          .post(`${A}/${a.id}/cancel`)
          .set(bearer(patient.accessToken))
          .send(body)
          .expect(400);
      }
      await t.http
        .post(`${A}/${a.id}/cancel`)
        .set(bearer(patient.accessToken))
        .send({ reason: { $gt: '' } })
        .expect(400);
    });
  });

  describe('doctor actions', () => {
    it('completes and marks no-show only after the start, once', async () => {
      const started = await insertAppointment(t, {
        doctorId: doctor.id,
        patientId: patient.id,
        startsAt: new Date(Date.now() - 20 * 60_000 + 17_000),
      });
      await drainOutbox(t);
      const before = events.length;
      const res = await t.http
        .post(`${A}/${started}/complete`)
        .set(bearer(doctor.accessToken))
        .expect(200);
      expect(dataOf<AppointmentResponseDto>(res).status).toBe('completed');
      await drainOutbox(t);
      expect(events.slice(before).map((e) => e.name)).toEqual([AppointmentEvents.Completed]);
      const twice = await t.http
        .post(`${A}/${started}/no-show`)
        .set(bearer(doctor.accessToken))
        .expect(409);
      expect(errorOf(twice).code).toBe('INVALID_TRANSITION');

      const missed = await insertAppointment(t, {
        doctorId: doctor.id,
        patientId: otherPatient.id,
        startsAt: new Date(Date.now() - 40 * 60_000 + 19_000),
      });
      const noShow = await t.http
        .post(`${A}/${missed}/no-show`)
        .set(bearer(doctor.accessToken))
        .expect(200);
      expect(dataOf<AppointmentResponseDto>(noShow)).toMatchObject({ status: 'no_show' });
      expect((await appointmentModel(t).findById(missed).lean())?.active).toBeUndefined();

      const future = await book(t, patient, doctor.id, slot(150));
      for (const action of ['complete', 'no-show']) {
        const early = await t.http
          .post(`${A}/${future.id}/${action}`)
          .set(bearer(doctor.accessToken))
          .expect(422);
        expect(errorOf(early).code).toBe('NOT_STARTED');
      }
    });

    it('confirms only pending bookings (409 on a confirmed one)', async () => {
      const a = await book(t, patient, doctor.id, slot(152));
      const res = await t.http
        .post(`${A}/${a.id}/confirm`)
        .set(bearer(doctor.accessToken))
        .expect(409);
      expect(errorOf(res).code).toBe('INVALID_TRANSITION');
    });

    it("keeps doctor actions to the appointment's doctor: 403 for its patient, 404 for others", async () => {
      const a = await book(t, patient, doctor.id, slot(154));
      for (const action of ['confirm', 'complete', 'no-show']) {
        const url = `${A}/${a.id}/${action}`;
        await t.http.post(url).expect(401);
        await t.http.post(url).set(bearer(admin.accessToken)).expect(403);
        const own = await t.http.post(url).set(bearer(patient.accessToken)).expect(403);
        expect(errorOf(own).code).toBe('ACTION_NOT_ALLOWED');
        await t.http.post(url).set(bearer(otherPatient.accessToken)).expect(404);
        await t.http.post(url).set(bearer(otherDoctor.accessToken)).expect(404);
        await t.http
          .post(`${A}/${unknownId()}/${action}`)
          .set(bearer(doctor.accessToken))
          .expect(404);
        await t.http.post(`${A}/1234/${action}`).set(bearer(doctor.accessToken)).expect(400);
      }
      expect((await appointmentModel(t).findById(a.id).lean())?.status).toBe('confirmed');
    });
  });

  describe('rescheduling', () => {
    const reschedule = (user: { accessToken: string }, id: string, startsAt: Date | string) =>
      t.http
        .post(`${A}/${id}/reschedule`)
        .set(bearer(user.accessToken))
        .send({ startsAt: typeof startsAt === 'string' ? startsAt : startsAt.toISOString() });

    it('moves a booking to a free slot, releasing the old one, keeping payment and history', async () => {
      const from = slot(160);
      const to = slot(162);
      const a = await book(t, patient, doctor.id, from);
      await drainOutbox(t);
      const before = events.length;
      const res = await reschedule(patient, a.id, to).expect(200);
      expect(dataOf<AppointmentResponseDto>(res)).toMatchObject({
        id: a.id,
        status: 'confirmed',
        paymentState: 'pay_at_clinic',
        startsAt: to.toISOString(),
        rescheduledFrom: [from.toISOString()],
        history: a.history,
      });
      expect(await slotsOn(doctor.id, from)).toMatchObject({ available: true });
      expect(await slotsOn(doctor.id, to)).toMatchObject({ available: false });
      await drainOutbox(t);
      const [event] = events.slice(before);
      expect(event).toMatchObject({
        name: AppointmentEvents.Rescheduled,
        payload: { appointmentId: a.id, previousStartsAt: from, startsAt: to },
      });
    });

    it('leaves the booking untouched when the target slot is taken (409)', async () => {
      const from = slot(164);
      const to = slot(165);
      const a = await book(t, patient, doctor.id, from);
      await book(t, otherPatient, doctor.id, to);
      const res = await reschedule(patient, a.id, to).expect(409);
      expect(errorOf(res).code).toBe('SLOT_TAKEN');
      const stored = await appointmentModel(t).findById(a.id).lean();
      expect(stored).toMatchObject({ startsAt: from, active: true, rescheduledFrom: [] });
      expect(await slotsOn(doctor.id, from)).toMatchObject({ available: false });
    });

    it('refuses slots not offered, the same slot, overlaps and finished appointments', async () => {
      const from = slot(170);
      const a = await book(t, patient, doctor.id, from);
      const misaligned = await reschedule(
        patient,
        a.id,
        new Date(from.getTime() + 60 * HOUR + 5 * 60_000),
      ).expect(422);
      expect(errorOf(misaligned).code).toBe('SLOT_NOT_OFFERED');
      await reschedule(patient, a.id, slot(-3)).expect(422);
      const same = await reschedule(patient, a.id, from).expect(422);
      expect(errorOf(same).code).toBe('SAME_SLOT');
      const elsewhere = await book(t, patient, otherDoctor.id, slot(172));
      const overlap = await reschedule(patient, a.id, slot(172)).expect(422);
      expect(errorOf(overlap).code).toBe('PATIENT_OVERLAP');
      expect(errorOf(overlap).details).toEqual({ appointmentId: elsewhere.id });
      await t.http.post(`${A}/${a.id}/cancel`).set(bearer(patient.accessToken)).send({});
      const done = await reschedule(patient, a.id, slot(174)).expect(409);
      expect(errorOf(done).code).toBe('INVALID_TRANSITION');
      const started = await insertAppointment(t, {
        doctorId: doctor.id,
        patientId: patient.id,
        startsAt: new Date(Date.now() - 5 * 60_000 + 23_000),
      });
      const late = await reschedule(patient, started, slot(176)).expect(422);
      expect(errorOf(late).code).toBe('APPOINTMENT_STARTED');
    });

    it("lets only the appointment's patient reschedule: 403 for its doctor, 404 for others", async () => {
      const a = await book(t, patient, doctor.id, slot(180));
      const target = slot(181);
      await t.http
        .post(`${A}/${a.id}/reschedule`)
        .send({ startsAt: target.toISOString() })
        .expect(401);
      await reschedule(admin, a.id, target).expect(403);
      const own = await reschedule(doctor, a.id, target).expect(403);
      expect(errorOf(own).code).toBe('ACTION_NOT_ALLOWED');
      await reschedule(otherDoctor, a.id, target).expect(404);
      await reschedule(otherPatient, a.id, target).expect(404);
      await reschedule(patient, unknownId(), target).expect(404);
      await reschedule(patient, 'zzz', target).expect(400);
      for (const body of [
        { startsAt: target.toISOString(), doctorId: otherDoctor.id },
        { startsAt: 'later' },
        {},
        { startsAt: { $gt: '' } },
      ]) {
        await t.http
          .post(`${A}/${a.id}/reschedule`)
          .set(bearer(patient.accessToken))
          .send(body)
          .expect(400);
      }
      expect((await appointmentModel(t).findById(a.id).lean())?.rescheduledFrom).toEqual([]);
    });
  });

  describe('account deletion', () => {
    it("cancels a deleted patient's upcoming bookings and frees the slots", async () => {
      const p = await registerPatient(t, { name: 'Leaving Soon' });
      const startsAt = slot(204);
      const a = await book(t, p, otherDoctor.id, startsAt);
      await t.http
        .delete(`${API}/users/me`)
        .set(bearer(p.accessToken))
        .send({ password: p.password })
        .expect(200);
      await drainOutbox(t);
      const res = await t.http.get(`${A}/${a.id}`).set(bearer(otherDoctor.accessToken)).expect(200);
      expect(dataOf<AppointmentResponseDto>(res)).toMatchObject({ status: 'cancelled' });
      expect(dataOf<AppointmentResponseDto>(res).cancellation).toMatchObject({
        by: 'system',
        reason: 'account_deleted',
        refundPercent: 100,
      });
      expect(await slotsOn(otherDoctor.id, startsAt)).toMatchObject({ available: true });
    });

    it("cancels a deleted doctor's upcoming bookings, but keeps a suspended doctor's", async () => {
      const leaving = await createBookableDoctor(t, { name: 'Dr. Leaving Too' });
      const suspended = await createBookableDoctor(t, { name: 'Dr. Paused' });
      const a = await book(t, otherPatient, leaving.id, slot(206));
      const b = await book(t, otherPatient, suspended.id, slot(208));
      await t.http
        .delete(`${API}/users/me`)
        .set(bearer(leaving.accessToken))
        .send({ password: leaving.password })
        .expect(200);
      await drainOutbox(t);
      await t.http
        .post(`${API}/admin/users/${suspended.id}/suspend`)
        .set(bearer(admin.accessToken))
        .send({ reason: 'paperwork' })
        .expect(200);
      await drainOutbox(t);
      const [ra, rb] = await Promise.all(
        [a, b].map((x) => t.http.get(`${A}/${x.id}`).set(bearer(otherPatient.accessToken))),
      );
      expect(dataOf<AppointmentResponseDto>(ra).status).toBe('cancelled');
      expect(dataOf<AppointmentResponseDto>(rb).status).toBe('confirmed');
    });
  });

  describe("the patient's snapshot", () => {
    it('copies the profile as it is when booking (after a change of name, phone, birth date, photo)', async () => {
      const p = await registerPatient(t, { name: 'First Name' });
      await t.http
        .patch(`${API}/users/me`)
        .set(bearer(p.accessToken))
        .send({ name: 'Meera Iyer', phone: '+919876543210', dateOfBirth: '1990-04-01' })
        .expect(200);
      const avatar = await t.http
        .post(`${API}/users/me/avatar`)
        .set(bearer(p.accessToken))
        .attach('image', PNG, 'me.png')
        .expect(200);
      const avatarUrl = dataOf<{ avatarUrl: string }>(avatar).avatarUrl;
      expect(avatarUrl).toMatch(/\/uploads\/avatars\//);

      const a = await book(t, p, otherDoctor.id, slot(204));
      const res = await t.http.get(`${A}/${a.id}`).set(bearer(otherDoctor.accessToken)).expect(200);
      expect(dataOf<AppointmentResponseDto>(res).patient).toEqual({
        name: 'Meera Iyer',
        email: p.email,
        phone: '+919876543210',
        imageUrl: avatarUrl,
        dateOfBirth: '1990-04-01',
      });

      // A later change does not rewrite the booking made before it.
      await t.http
        .patch(`${API}/users/me`)
        .set(bearer(p.accessToken))
        .send({ phone: null })
        .expect(200);
      const b = await book(t, p, otherDoctor.id, slot(206));
      const [ra, rb] = await Promise.all(
        [a, b].map((x) => t.http.get(`${A}/${x.id}`).set(bearer(otherDoctor.accessToken))),
      );
      expect(dataOf<AppointmentResponseDto>(ra).patient.phone).toBe('+919876543210');
      expect(dataOf<AppointmentResponseDto>(rb).patient.phone).toBeNull();
    });
  });

  describe('account purge', () => {
    it("de-identifies a purged patient's appointments and keeps the records", async () => {
      const p = await registerPatient(t, { name: 'Soon Gone' });
      const a = await book(t, p, otherDoctor.id, slot(200));
      await publishAndDrain(t, UserEvents.Purged, { userId: p.id });
      const res = await t.http.get(`${A}/${a.id}`).set(bearer(otherDoctor.accessToken)).expect(200);
      expect(dataOf<AppointmentResponseDto>(res).patient).toEqual({
        name: 'Deleted user',
        email: null,
        phone: null,
        imageUrl: null,
        dateOfBirth: null,
      });
      expect(dataOf<AppointmentResponseDto>(res)).toMatchObject({
        id: a.id,
        fee: a.fee,
        status: a.status,
      });
    });

    it("removes a purged doctor's name and photo from the appointment snapshots", async () => {
      const d = await createBookableDoctor(t, { name: 'Dr. Leaving' });
      const a = await book(t, otherPatient, d.id, slot(202));
      await publishAndDrain(t, UserEvents.Purged, { userId: d.id });
      const res = await t.http
        .get(`${A}/${a.id}`)
        .set(bearer(otherPatient.accessToken))
        .expect(200);
      expect(dataOf<AppointmentResponseDto>(res).doctor).toMatchObject({
        name: 'Deleted doctor',
        imageUrl: null,
      });
    });
  });

  describe('query plans', () => {
    it('serves the taken-intervals and list queries from indexes, in index order', async () => {
      const repo = t.get(AppointmentsRepository);
      const now = new Date();
      const plans = {
        taken: await repo.explainTakenIntervals(
          doctor.id,
          now,
          new Date(now.getTime() + 24 * HOUR),
        ),
        patientUpcoming: await repo.explainList(
          { patientId: patient.id, startsFrom: now, order: 'asc' },
          0,
          20,
        ),
        patientPastByStatus: await repo.explainList(
          {
            patientId: patient.id,
            startsBefore: now,
            statuses: [AppointmentStatus.Completed, AppointmentStatus.Cancelled],
            order: 'desc',
          },
          0,
          20,
        ),
        doctorAll: await repo.explainList({ doctorId: doctor.id, order: 'desc' }, 20, 20),
        doctorUpcoming: await repo.explainList(
          { doctorId: doctor.id, startsFrom: now, order: 'asc' },
          0,
          20,
        ),
      };
      for (const [name, explained] of Object.entries(plans)) {
        const stages = winningPlanStages(explained);
        const kinds = stages.map((s) => s.stage);
        expect({ name, collscan: kinds.includes('COLLSCAN') }).toEqual({ name, collscan: false });
        expect({ name, ixscan: kinds.includes('IXSCAN') }).toEqual({ name, ixscan: true });
        // The index also yields the order: no in-memory sort of a doctor's whole history.
        expect({ name, sort: kinds.includes('SORT') }).toEqual({ name, sort: false });
      }
      const leadingField = (explained: Record<string, unknown>) =>
        Object.keys(
          winningPlanStages(explained).find((s) => s.stage === 'IXSCAN')?.keyPattern ?? {},
        )[0];
      expect(leadingField(plans.taken)).toBe('doctorId');
      expect(leadingField(plans.patientUpcoming)).toBe('patientId');
      expect(leadingField(plans.doctorAll)).toBe('doctorId');
    });
  });
});
