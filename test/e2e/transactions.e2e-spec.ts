import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Response } from 'supertest';
import {
  adminEnv,
  API,
  bearer,
  bookRequest,
  createBookableDoctor,
  createDoctorRequest,
  INITIAL_DOCTOR_PASSWORD,
  login,
  registerPatient,
  registerRequest,
  slotAfter,
  tally,
  uniqueEmail,
  type Account,
} from '../utils/api-journeys';
import { createTestApp, type TestApp } from '../utils/test-app';
import { dataOf, errorOf } from '../utils/responses';
import type { DoctorApplicationDto } from '../../src/modules/doctors/dto/doctor-application.dto';
import type { DoctorProfileDto } from '../../src/modules/doctors/dto/doctor-response.dto';
import type { AppointmentResponseDto } from '../../src/modules/appointments/dto/appointment-response.dto';

const RACERS = 20;

/**
 * Every write that runs in a transaction (or races on a unique index) answers its own error,
 * sequentially and under concurrency on two app instances, with state set up over HTTP only.
 */
describe('transactions answer their own errors (e2e)', () => {
  let t: TestApp;
  let second: TestApp;
  let admin: Account;
  let adminEmail: string;

  const on = (i: number) => (i % 2 === 0 ? t : second);
  const doctorImages = (): number =>
    [t, second]
      .map((app) => join(app.uploadDir, 'doctors'))
      .reduce((n, dir) => n + (existsSync(dir) ? readdirSync(dir).length : 0), 0);

  beforeAll(async () => {
    const admins = adminEnv();
    adminEmail = admins.email;
    t = await createTestApp({ env: admins.env });
    second = await createTestApp({ env: admins.env, mongodbUri: t.config.MONGODB_URI });
    admin = await login(t, adminEmail);
  });

  afterAll(async () => {
    await second.close({ dropDatabase: false });
    await t.close();
  });

  describe('registration', () => {
    it('answers 409 EMAIL_TAKEN to a second registration of an address', async () => {
      const email = uniqueEmail('twice');
      await registerRequest(t, email).expect(201);
      const res = await registerRequest(second, email).expect(409);
      expect(errorOf(res).code).toBe('EMAIL_TAKEN');
    });

    it(`creates one account of ${RACERS} concurrent registrations of one address`, async () => {
      const email = uniqueEmail('race');
      const responses = await Promise.all(
        Array.from({ length: RACERS }, (_, i) => registerRequest(on(i), email)),
      );
      expect(tally(responses)).toEqual({ '201': 1, '409 EMAIL_TAKEN': RACERS - 1 });
    });
  });

  describe('admin doctor creation', () => {
    it('answers 409 EMAIL_TAKEN for a taken address and keeps no image of the failed attempt', async () => {
      const patientEmail = uniqueEmail('patient');
      await registerRequest(t, patientEmail).expect(201);
      const before = doctorImages();
      const res = await createDoctorRequest(second, admin, patientEmail).expect(409);
      expect(errorOf(res).code).toBe('EMAIL_TAKEN');
      expect(doctorImages()).toBe(before);
    });

    it(`creates one doctor of ${RACERS} concurrent creations with one address`, async () => {
      const email = uniqueEmail('doctor');
      const before = doctorImages();
      const responses = await Promise.all(
        Array.from({ length: RACERS }, (_, i) => createDoctorRequest(on(i), admin, email)),
      );
      expect(tally(responses)).toEqual({ '201': 1, '409 EMAIL_TAKEN': RACERS - 1 });
      expect(doctorImages()).toBe(before + 1);
      const doctor = await login(t, email, INITIAL_DOCTOR_PASSWORD);
      await t.http.get(`${API}/doctors/me`).set(bearer(doctor.accessToken)).expect(200);
    });
  });

  describe('application approval', () => {
    const application = {
      speciality: 'pediatrician',
      degree: 'MBBS, MD (Paediatrics)',
      experienceYears: 7,
      about: 'Child health.',
      fee: 40000,
      currency: 'INR',
      address: { line1: '9 Park Street', line2: 'Kolkata' },
      timezone: 'Asia/Kolkata',
    };
    const approve = (app: TestApp, id: string) =>
      app.http
        .post(`${API}/admin/doctor-applications/${id}/approve`)
        .set(bearer(admin.accessToken));

    const applyAs = async (patient: Account): Promise<string> => {
      const res = await t.http
        .post(`${API}/doctor-applications`)
        .set(bearer(patient.accessToken))
        .send(application)
        .expect(201);
      return dataOf<DoctorApplicationDto>(res).id;
    };

    it('answers 409 APPLICATION_NOT_PENDING to a second approval', async () => {
      const id = await applyAs(await registerPatient(t));
      await approve(t, id).expect(200);
      const res = await approve(second, id).expect(409);
      expect(errorOf(res).code).toBe('APPLICATION_NOT_PENDING');
    });

    it(`approves once of ${RACERS} concurrent approvals, and the applicant is a doctor`, async () => {
      const patientEmail = uniqueEmail('applicant');
      await registerRequest(t, patientEmail).expect(201);
      const id = await applyAs(await login(t, patientEmail));
      const responses = await Promise.all(
        Array.from({ length: RACERS }, (_, i) => approve(on(i), id)),
      );
      expect(tally(responses)).toEqual({ '200': 1, '409 APPLICATION_NOT_PENDING': RACERS - 1 });
      const doctor = await login(second, patientEmail);
      const me = await second.http.get(`${API}/doctors/me`).set(bearer(doctor.accessToken));
      expect(me.status).toBe(200);
      expect(dataOf<DoctorProfileDto>(me).approvalStatus).toBe('approved');
    });
  });

  describe('booking, cancellation and idempotency', () => {
    let doctorId: string;
    let patients: Account[];

    beforeAll(async () => {
      doctorId = (await createBookableDoctor(t, admin)).id;
      patients = await Promise.all(Array.from({ length: 3 }, () => registerPatient(t)));
    });

    const cancel = (app: TestApp, patient: Account, id: string) =>
      app.http
        .post(`${API}/appointments/${id}/cancel`)
        .set(bearer(patient.accessToken))
        .send({ reason: 'Plans changed' });

    it(`cancels once of ${RACERS} concurrent cancellations, and frees the slot`, async () => {
      const slot = slotAfter(50);
      const booked = await bookRequest(t, patients[0], doctorId, slot).expect(201);
      const id = dataOf<AppointmentResponseDto>(booked).id;
      const responses = await Promise.all(
        Array.from({ length: RACERS }, (_, i) => cancel(on(i), patients[0], id)),
      );
      expect(tally(responses)).toEqual({ '200': 1, '409 INVALID_TRANSITION': RACERS - 1 });
      await bookRequest(second, patients[1], doctorId, slot).expect(201);
    });

    it('books once for concurrent repeats of one Idempotency-Key, then refuses the slot to others', async () => {
      const slot = slotAfter(52);
      const key = `repeat-${Date.now()}`;
      const responses: Response[] = await Promise.all(
        Array.from({ length: 10 }, (_, i) => bookRequest(on(i), patients[2], doctorId, slot, key)),
      );
      expect(tally(responses)).toEqual({ '201': 10 });
      expect(new Set(responses.map((r) => dataOf<AppointmentResponseDto>(r).id)).size).toBe(1);
      const other = await bookRequest(t, patients[0], doctorId, slot).expect(409);
      expect(errorOf(other).code).toBe('SLOT_TAKEN');
    });
  });
});
