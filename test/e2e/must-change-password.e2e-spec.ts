import { LogMailer } from '../../src/modules/notifications/log-mailer';
import { Mailer, type MailMessage } from '../../src/modules/notifications/mailer';
import { getModelToken } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { Doctor } from '../../src/modules/doctors/schemas/doctor.schema';
import { ALL_DAY, bookRequest, slotAfter } from '../factories/appointments.factory';
import {
  bearer,
  DEFAULT_PASSWORD,
  login,
  registerPatient,
  uniqueEmail,
  type TestUser,
} from '../factories/users.factory';
import { createTestApp, type TestApp } from '../utils/test-app';
import { drainOutbox } from '../utils/outbox';
import { API } from '../utils/http';
import { dataOf, errorOf, pageOf } from '../utils/responses';
import type {
  AdminDoctorDto,
  PublicDoctorDto,
} from '../../src/modules/doctors/dto/doctor-response.dto';
import type { UserResponseDto } from '../../src/modules/users/dto/user-response.dto';
import type { AuthTokensDto } from '../../src/modules/auth/dto/auth-tokens.dto';
import type { AppointmentResponseDto } from '../../src/modules/appointments/dto/appointment-response.dto';
import type { DoctorApplicationDto } from '../../src/modules/doctors/dto/doctor-application.dto';

const ADMIN_EMAIL = 'root-admin@example.com';
const ADMIN_PASSWORD = 'Adm1n-pass-phrase';
const INITIAL_PASSWORD = 'Initial-pass-phrase-42';
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const SCHEDULE = {
  slotMinutes: 30,
  bufferMinutes: 0,
  minNoticeMinutes: 60,
  maxAdvanceDays: 30,
  weekly: ALL_DAY,
};

describe('admin-created doctors must change the initial password first (e2e)', () => {
  let t: TestApp;
  let adminToken: string;
  let patient: TestUser;
  let outbox: MailMessage[];

  /** An admin-created doctor (address, image, UTC) with hours set by the admin, signed in. */
  const createPendingDoctor = async (name: string) => {
    const email = uniqueEmail('pending-doctor');
    const res = await t.http
      .post(`${API}/admin/doctors`)
      .set(bearer(adminToken))
      .field('name', name)
      .field('email', email)
      .field('password', INITIAL_PASSWORD)
      .field('speciality', 'dermatologist')
      .field('degree', 'MBBS, MD')
      .field('experienceYears', '7')
      .field('fee', '80000')
      .field('currency', 'INR')
      .field('address[line1]', '9 Park Street')
      .field('address[line2]', 'Kolkata 700016')
      .field('timezone', 'UTC')
      .attach('image', PNG, 'face.png')
      .expect(201);
    const id = dataOf<AdminDoctorDto>(res).id;
    expect(dataOf<AdminDoctorDto>(res)).toMatchObject({ listed: false, mustChangePassword: true });
    await t.http
      .put(`${API}/admin/doctors/${id}/schedule`)
      .set(bearer(adminToken))
      .send(SCHEDULE)
      .expect(200);
    const tokens = await login(t, email, INITIAL_PASSWORD);
    return { id, email, ...tokens };
  };

  const listedIds = async (search: string): Promise<string[]> => {
    const res = await t.http.get(`${API}/doctors`).query({ search, limit: 50 }).expect(200);
    return (pageOf<PublicDoctorDto>(res).items as Array<{ id: string }>).map((d) => d.id);
  };

  const slotsOf = (doctorId: string) => {
    const from = new Date().toISOString().slice(0, 10);
    return t.http.get(`${API}/doctors/${doctorId}/slots`).query({ from, to: from });
  };

  const changePassword = (token: string) =>
    t.http
      .post(`${API}/auth/password/change`)
      .set(bearer(token))
      .send({ currentPassword: INITIAL_PASSWORD, newPassword: DEFAULT_PASSWORD });

  /** The reset e-mail is sent in the background; wait for it and read its token. */
  const resetTokenFor = async (email: string): Promise<string> => {
    for (let i = 0; i < 100; i++) {
      const mail = outbox.find((m) => m.to === email);
      const match = mail && /token=([A-Za-z0-9_-]{43})/.exec(mail.text);
      if (match) {
        return match[1];
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no reset e-mail to ${email}`);
  };

  beforeAll(async () => {
    t = await createTestApp({ env: { ADMIN_EMAIL, ADMIN_PASSWORD } });
    const mailer = t.get(Mailer);
    if (!(mailer instanceof LogMailer)) {
      throw new Error('expected the log outbox mailer');
    }
    outbox = mailer.outbox;
    adminToken = (await login(t, ADMIN_EMAIL, ADMIN_PASSWORD)).accessToken;
    patient = await registerPatient(t);
  });
  afterAll(() => t.close());

  it('allows only reading the own account and profile, changing the password and signing out', async () => {
    const doctor = await createPendingDoctor('Dr. Pending Allowlist');
    const auth = bearer(doctor.accessToken);

    const me = await t.http.get(`${API}/users/me`).set(auth).expect(200);
    expect(dataOf<UserResponseDto>(me)).toMatchObject({ role: 'doctor', mustChangePassword: true });
    await t.http.get(`${API}/doctors/me`).set(auth).expect(200);

    const refused = [
      t.http.patch(`${API}/users/me`).set(auth).send({ name: 'Dr. Renamed' }),
      t.http.post(`${API}/users/me/avatar`).set(auth).attach('image', PNG, 'a.png'),
      t.http.delete(`${API}/users/me`).set(auth).send({ password: INITIAL_PASSWORD }),
      t.http.patch(`${API}/doctors/me`).set(auth).send({ about: 'Changed' }),
      t.http.post(`${API}/doctors/me/image`).set(auth).attach('image', PNG, 'b.png'),
      t.http.get(`${API}/doctors/me/schedule`).set(auth),
      t.http.put(`${API}/doctors/me/schedule`).set(auth).send(SCHEDULE),
      t.http.get(`${API}/appointments`).set(auth),
      t.http.get(`${API}/auth/sessions`).set(auth),
    ];
    for (const res of await Promise.all(refused)) {
      expect({ status: res.status, code: errorOf(res).code }).toEqual({
        status: 403,
        code: 'PASSWORD_CHANGE_REQUIRED',
      });
    }
    // Nothing was written by the refused requests.
    const after = await t.http.get(`${API}/users/me`).set(auth).expect(200);
    expect(dataOf<UserResponseDto>(after).name).toBe('Dr. Pending Allowlist');

    // Refreshing keeps the client signed in; the new token is just as restricted.
    const refreshed = await t.http
      .post(`${API}/auth/refresh`)
      .send({ refreshToken: doctor.refreshToken })
      .expect(200);
    const next = bearer(dataOf<AuthTokensDto>(refreshed).accessToken);
    await t.http.get(`${API}/users/me`).set(next).expect(200);
    const still = await t.http.get(`${API}/appointments`).set(next).expect(403);
    expect(errorOf(still).code).toBe('PASSWORD_CHANGE_REQUIRED');

    await t.http.post(`${API}/auth/logout`).set(next).expect(200);
    const other = await login(t, doctor.email, INITIAL_PASSWORD);
    await t.http.post(`${API}/auth/logout-all`).set(bearer(other.accessToken)).expect(200);
    const ended = await t.http.get(`${API}/users/me`).set(bearer(other.accessToken)).expect(401);
    expect(errorOf(ended).code).toBe('SESSION_REVOKED');
  });

  it('is neither listed nor bookable until the password is changed, then both', async () => {
    const doctor = await createPendingDoctor('Dr. Quentin Pendingsworth');
    const startsAt = slotAfter(26);

    expect(await listedIds('Pendingsworth')).toEqual([]);
    const profile = await t.http.get(`${API}/doctors/${doctor.id}`).expect(404);
    expect(errorOf(profile).code).toBe('DOCTOR_NOT_FOUND');
    const slots = await slotsOf(doctor.id).expect(404);
    expect(errorOf(slots).code).toBe('DOCTOR_NOT_FOUND');
    const booking = await bookRequest(t, patient, doctor.id, startsAt).expect(422);
    expect(errorOf(booking).code).toBe('DOCTOR_NOT_BOOKABLE');
    const follow = await t.http
      .put(`${API}/follows/${doctor.id}`)
      .set(bearer(patient.accessToken))
      .expect(404);
    expect(errorOf(follow).code).toBe('DOCTOR_NOT_FOUND');

    // A wrong current password changes nothing.
    const wrong = await t.http
      .post(`${API}/auth/password/change`)
      .set(bearer(doctor.accessToken))
      .send({ currentPassword: 'Not-the-pass-phrase-1', newPassword: DEFAULT_PASSWORD })
      .expect(422);
    expect(errorOf(wrong).code).toBe('WRONG_PASSWORD');
    expect(await listedIds('Pendingsworth')).toEqual([]);

    await changePassword(doctor.accessToken).expect(200);
    await drainOutbox(t); // the relay's next run lists the doctor

    const auth = bearer(doctor.accessToken);
    const me = await t.http.get(`${API}/users/me`).set(auth).expect(200);
    expect(dataOf<UserResponseDto>(me).mustChangePassword).toBe(false);
    await t.http.patch(`${API}/doctors/me`).set(auth).send({ about: 'Skin clinic' }).expect(200);
    await t.http.put(`${API}/doctors/me/schedule`).set(auth).send(SCHEDULE).expect(200);
    await t.http.get(`${API}/appointments`).set(auth).expect(200);

    expect(await listedIds('Pendingsworth')).toEqual([doctor.id]);
    await t.http.get(`${API}/doctors/${doctor.id}`).expect(200);
    await slotsOf(doctor.id).expect(200);
    const booked = await bookRequest(t, patient, doctor.id, startsAt).expect(201);
    expect(dataOf<AppointmentResponseDto>(booked)).toMatchObject({
      doctorId: doctor.id,
      status: 'confirmed',
    });
    const admin = await t.http
      .get(`${API}/admin/doctors/${doctor.id}`)
      .set(bearer(adminToken))
      .expect(200);
    expect(dataOf<AdminDoctorDto>(admin)).toMatchObject({
      listed: true,
      mustChangePassword: false,
    });
  });

  it('a password reset also completes the change and lists the doctor', async () => {
    const doctor = await createPendingDoctor('Dr. Rhea Resetworth');
    await t.http.post(`${API}/auth/password/forgot`).send({ email: doctor.email }).expect(202);
    const token = await resetTokenFor(doctor.email);
    await t.http
      .post(`${API}/auth/password/reset`)
      .send({ token, newPassword: DEFAULT_PASSWORD })
      .expect(200);
    await drainOutbox(t);
    expect(await listedIds('Resetworth')).toEqual([doctor.id]);
    const fresh = await login(t, doctor.email, DEFAULT_PASSWORD);
    await t.http.get(`${API}/appointments`).set(bearer(fresh.accessToken)).expect(200);
  });

  it('leaves patients and approved applicants, who chose their own password, alone', async () => {
    await t.http
      .patch(`${API}/users/me`)
      .set(bearer(patient.accessToken))
      .send({ name: 'Still Patient' })
      .expect(200);

    const applicant = await registerPatient(t, { name: 'Dr. Avni Applicantson' });
    const applied = await t.http
      .post(`${API}/doctor-applications`)
      .set(bearer(applicant.accessToken))
      .send({
        speciality: 'pediatrician',
        degree: 'MBBS, MD (Paediatrics)',
        experienceYears: 7,
        fee: 40000,
        currency: 'INR',
        address: { line1: '9 Park Street', line2: 'Kolkata' },
        timezone: 'UTC',
      })
      .expect(201);
    await t.http
      .post(`${API}/admin/doctor-applications/${dataOf<DoctorApplicationDto>(applied).id}/approve`)
      .set(bearer(adminToken))
      .expect(200);
    const auth = bearer(applicant.accessToken);
    const me = await t.http.get(`${API}/users/me`).set(auth).expect(200);
    expect(dataOf<UserResponseDto>(me)).toMatchObject({
      role: 'doctor',
      mustChangePassword: false,
    });
    await t.http.put(`${API}/doctors/me/schedule`).set(auth).send(SCHEDULE).expect(200);
    expect(await listedIds('Applicantson')).toEqual([applicant.id]);
    await bookRequest(t, patient, applicant.id, slotAfter(30)).expect(201);
  });

  it('at start-up, holds back doctors stored before this rule and releases lost updates', async () => {
    const legacy = await createPendingDoctor('Dr. Lena Legacyson');
    const released = await createPendingDoctor('Dr. Lars Lostupdate');
    await changePassword(released.accessToken).expect(200);
    // Simulate data written before the mirror existed, and a clearing event lost to a crash.
    const doctors = t.get<Model<Doctor>>(getModelToken(Doctor.name) as never);
    await doctors.updateOne(
      { _id: new Types.ObjectId(legacy.id) },
      { $unset: { mustChangePassword: 1 }, $set: { listed: true } },
    );
    await doctors.updateOne(
      { _id: new Types.ObjectId(released.id) },
      { $set: { mustChangePassword: true, listed: false } },
    );
    expect(await listedIds('Legacyson')).toEqual([legacy.id]);
    expect(await listedIds('Lostupdate')).toEqual([]);

    const restarted = await createTestApp({
      env: { ADMIN_EMAIL, ADMIN_PASSWORD },
      mongodbUri: t.config.MONGODB_URI,
    });
    try {
      const ids = async (search: string) =>
        (
          pageOf<PublicDoctorDto>(
            await restarted.http.get(`${API}/doctors`).query({ search }).expect(200),
          ).items as Array<{ id: string }>
        ).map((d) => d.id);
      expect(await ids('Legacyson')).toEqual([]);
      expect(await ids('Lostupdate')).toEqual([released.id]);
      const res = await restarted.http
        .patch(`${API}/doctors/me`)
        .set(bearer(legacy.accessToken))
        .send({ about: 'x' })
        .expect(403);
      expect(errorOf(res).code).toBe('PASSWORD_CHANGE_REQUIRED');
    } finally {
      await restarted.close({ dropDatabase: false });
    }
  });
});
