import { Role } from '../../src/common/auth/role.enum';
import { DoctorsService } from '../../src/modules/doctors/doctors.service';
import { createAdmin, createDoctor } from '../factories/doctors.factory';
import { bearer, createUserWithRole } from '../factories/users.factory';
import { createTestApp, TestApp } from '../utils/test-app';
import { API } from '../utils/http';
import { dataOf } from '../utils/responses';
import type { DoctorProfileDto } from '../../src/modules/doctors/dto/doctor-response.dto';

const MISSING_ID = '0123456789abcdef01234567';

describe('doctors service contract (e2e)', () => {
  let t: TestApp;
  let doctors: DoctorsService;

  beforeAll(async () => {
    t = await createTestApp();
    doctors = t.get(DoctorsService);
  });
  afterAll(() => t.close());

  it('createDoctor gives a signed-in, publicly bookable doctor in Asia/Kolkata', async () => {
    const doc = await createDoctor(t, { name: 'Dr. Contract' });
    await expect(doctors.getScheduleOwner(doc.id)).resolves.toEqual({
      id: doc.id,
      timezone: 'Asia/Kolkata',
      publiclyBookable: true,
      scheduleVersion: 0,
    });
    const me = await t.http.get(`${API}/doctors/me`).set(bearer(doc.accessToken)).expect(200);
    expect(dataOf<DoctorProfileDto>(me)).toMatchObject({
      id: doc.id,
      name: 'Dr. Contract',
      listed: true,
    });
  });

  it('getScheduleOwner: 404 DOCTOR_NOT_FOUND without a profile', async () => {
    await expect(doctors.getScheduleOwner(MISSING_ID)).rejects.toMatchObject({
      code: 'DOCTOR_NOT_FOUND',
    });
    const bare = await createUserWithRole(t, Role.Doctor);
    await expect(doctors.getScheduleOwner(bare.id)).rejects.toMatchObject({
      code: 'DOCTOR_NOT_FOUND',
    });
  });

  it('publiclyBookable is false when not accepting or hidden, and timezone is settable', async () => {
    const closed = await createDoctor(t, { acceptingAppointments: false });
    expect((await doctors.getScheduleOwner(closed.id)).publiclyBookable).toBe(false);
    const hidden = await createDoctor(t, { visible: false, timezone: 'Europe/Berlin' });
    expect(await doctors.getScheduleOwner(hidden.id)).toEqual({
      id: hidden.id,
      timezone: 'Europe/Berlin',
      publiclyBookable: false,
      scheduleVersion: 0,
    });
    await doctors.setTimezone(hidden.id, 'America/New_York');
    expect((await doctors.getScheduleOwner(hidden.id)).timezone).toBe('America/New_York');
    await expect(doctors.setTimezone(hidden.id, 'Mars/Base')).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(doctors.setTimezone(MISSING_ID, 'UTC')).rejects.toMatchObject({
      code: 'DOCTOR_NOT_FOUND',
    });
  });

  it('getBookingSnapshot copies what an appointment needs', async () => {
    const doc = await createDoctor(t, {
      name: 'Dr. Snap Shot',
      speciality: 'cardiologist',
      fee: 75000,
      currency: 'INR',
    });
    await expect(doctors.getBookingSnapshot(doc.id)).resolves.toEqual({
      id: doc.id,
      name: 'Dr. Snap Shot',
      speciality: 'cardiologist',
      specialityName: 'Cardiologist',
      degree: 'MBBS',
      imageUrl: null,
      address: { line1: '12 MG Road', line2: 'Bengaluru' },
      fee: { amount: 75000, currency: 'INR' },
      timezone: 'Asia/Kolkata',
      approved: true,
      visible: true,
      accepting: true,
      accountActive: true,
      mustChangePassword: false,
      scheduleVersion: 0,
    });
    await expect(doctors.getBookingSnapshot(MISSING_ID)).rejects.toMatchObject({
      code: 'DOCTOR_NOT_FOUND',
    });
  });

  it('createAdmin is one admin per app', async () => {
    const [a, b] = await Promise.all([createAdmin(t), createAdmin(t)]);
    expect(a.id).toBe(b.id);
    expect(a.role).toBe(Role.Admin);
  });
});
