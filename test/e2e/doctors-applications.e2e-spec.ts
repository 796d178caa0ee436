import { Role } from '../../src/common/auth/role.enum';
import { DoctorEvents } from '../../src/modules/doctors/doctors.events';
import { createAdmin, createDoctor } from '../factories/doctors.factory';
import { bearer, login, registerPatient, type TestUser } from '../factories/users.factory';
import { drainOutbox, recordOutboxEvents } from '../utils/outbox';
import { createTestApp, TestApp } from '../utils/test-app';
import { API } from '../utils/http';
import { dataOf, errorOf, pageOf } from '../utils/responses';
import type { DoctorApplicationDto } from '../../src/modules/doctors/dto/doctor-application.dto';
import type { UserResponseDto } from '../../src/modules/users/dto/user-response.dto';
import type {
  AdminDoctorDto,
  DoctorProfileDto,
} from '../../src/modules/doctors/dto/doctor-response.dto';

const application = (overrides: Record<string, unknown> = {}) => ({
  speciality: 'pediatrician',
  degree: 'MBBS, MD (Paediatrics)',
  experienceYears: 7,
  about: 'Child health.',
  fee: 40000,
  currency: 'INR',
  address: { line1: '9 Park Street', line2: 'Kolkata' },
  timezone: 'Asia/Kolkata',
  ...overrides,
});

describe('doctor applications (e2e)', () => {
  let t: TestApp;
  let admin: TestUser;
  // Outbox events, as a handler receives them once the relay delivered them (drainOutbox).
  let events: { name: string; payload: unknown }[] = [];

  const apply = (user: TestUser, body: object = application()) =>
    t.http.post(`${API}/doctor-applications`).set(bearer(user.accessToken)).send(body);
  const approve = (id: string, token = admin.accessToken) =>
    t.http.post(`${API}/admin/doctor-applications/${id}/approve`).set(bearer(token)).send();
  const reject = (id: string, body: object = { reason: 'Could not verify' }) =>
    t.http
      .post(`${API}/admin/doctor-applications/${id}/reject`)
      .set(bearer(admin.accessToken))
      .send(body);

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createAdmin(t);
    events = recordOutboxEvents(t, Object.values(DoctorEvents));
  });
  afterAll(() => t.close());

  it('a patient applies, an admin approves, and the patient becomes a listed doctor', async () => {
    const patient = await registerPatient(t, { name: 'Priya Sen' });
    const res = await apply(patient).expect(201);
    expect(dataOf<DoctorApplicationDto>(res)).toMatchObject({
      userId: patient.id,
      status: 'pending',
      speciality: 'pediatrician',
      fee: { amount: 40000, currency: 'INR' },
      rejectionReason: null,
      decidedAt: null,
    });
    const id = dataOf<DoctorApplicationDto>(res).id;
    await drainOutbox(t);
    expect(events).toContainEqual({
      name: 'doctor.application.submitted',
      payload: { applicationId: id, userId: patient.id, speciality: 'pediatrician' },
    });

    const mine = await t.http
      .get(`${API}/doctor-applications/me`)
      .set(bearer(patient.accessToken))
      .expect(200);
    expect(dataOf<DoctorApplicationDto[]>(mine).map((a: { id: string }) => a.id)).toEqual([id]);

    const listed = await t.http
      .get(`${API}/admin/doctor-applications`)
      .query({ status: 'pending' })
      .set(bearer(admin.accessToken))
      .expect(200);
    expect(pageOf<DoctorApplicationDto>(listed).items).toContainEqual(
      expect.objectContaining({ id, applicant: { name: 'Priya Sen', email: patient.email } }),
    );

    const ok = await approve(id).expect(200);
    expect(dataOf<DoctorApplicationDto>(ok)).toMatchObject({ id, status: 'approved' });
    expect(dataOf<DoctorApplicationDto>(ok).decidedAt).toEqual(expect.any(String));
    await drainOutbox(t);
    expect(events.map((e) => e.name)).toEqual(
      expect.arrayContaining(['doctor.application.approved', 'doctor.created']),
    );
    await drainOutbox(t);
    expect(events).toContainEqual({
      name: 'doctor.created',
      payload: {
        doctorId: patient.id,
        name: 'Priya Sen',
        speciality: 'pediatrician',
        via: 'application',
        byUserId: admin.id,
      },
    });

    const tokens = await login(t, patient.email, patient.password);
    const me = await t.http.get(`${API}/users/me`).set(bearer(tokens.accessToken)).expect(200);
    expect(dataOf<UserResponseDto>(me).role).toBe(Role.Doctor);
    const profile = await t.http
      .get(`${API}/doctors/me`)
      .set(bearer(tokens.accessToken))
      .expect(200);
    expect(dataOf<DoctorProfileDto>(profile)).toMatchObject({
      id: patient.id,
      name: 'Priya Sen',
      speciality: 'pediatrician',
      degree: 'MBBS, MD (Paediatrics)',
      address: { line1: '9 Park Street', line2: 'Kolkata' },
      visible: true,
      listed: true,
    });
    await t.http.get(`${API}/doctors/${patient.id}`).expect(200);

    // Decided applications cannot be decided again.
    const again = await approve(id).expect(409);
    expect(errorOf(again).code).toBe('APPLICATION_NOT_PENDING');
    await reject(id).expect(409);
    // As a doctor, the user can no longer apply.
    await t.http
      .post(`${API}/doctor-applications`)
      .set(bearer(tokens.accessToken))
      .send(application())
      .expect(403);
  });

  it('one pending application per user (409), even when two race', async () => {
    const patient = await registerPatient(t);
    const [a, b] = await Promise.all([apply(patient), apply(patient)]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const conflict = a.status === 409 ? a : b;
    expect(errorOf(conflict).code).toBe('APPLICATION_ALREADY_PENDING');
    const third = await apply(patient).expect(409);
    expect(errorOf(third).code).toBe('APPLICATION_ALREADY_PENDING');
  });

  it('rejection keeps the reason, and the patient may apply again', async () => {
    const patient = await registerPatient(t);
    const first = await apply(patient).expect(201);
    const res = await reject(dataOf<DoctorApplicationDto>(first).id, {
      reason: 'Registration not verifiable',
    }).expect(200);
    expect(dataOf<DoctorApplicationDto>(res)).toMatchObject({
      status: 'rejected',
      rejectionReason: 'Registration not verifiable',
    });
    await drainOutbox(t);
    expect(events).toContainEqual({
      name: 'doctor.application.rejected',
      payload: {
        applicationId: dataOf<DoctorApplicationDto>(first).id,
        userId: patient.id,
        byUserId: admin.id,
        reason: 'Registration not verifiable',
      },
    });
    await approve(dataOf<DoctorApplicationDto>(first).id).expect(409);
    await reject(dataOf<DoctorApplicationDto>(first).id).expect(409);
    const second = await apply(patient).expect(201);
    const mine = await t.http
      .get(`${API}/doctor-applications/me`)
      .set(bearer(patient.accessToken))
      .expect(200);
    expect(dataOf<DoctorApplicationDto[]>(mine).map((a: { id: string }) => a.id)).toEqual([
      dataOf<DoctorApplicationDto>(second).id,
      dataOf<DoctorApplicationDto>(first).id,
    ]);
    expect(dataOf<DoctorApplicationDto[]>(mine)[0].applicant).toBeUndefined();
    const rejected = await t.http
      .get(`${API}/admin/doctor-applications`)
      .query({ status: 'rejected' })
      .set(bearer(admin.accessToken))
      .expect(200);
    expect(pageOf<DoctorApplicationDto>(rejected).items.map((a: { id: string }) => a.id)).toContain(
      dataOf<DoctorApplicationDto>(first).id,
    );
    expect(
      pageOf<DoctorApplicationDto>(rejected).items.every(
        (a: { status: string }) => a.status === 'rejected',
      ),
    ).toBe(true);
  });

  it('two admins approving at once: one wins, one 409, one profile', async () => {
    const patient = await registerPatient(t);
    const id = dataOf<DoctorApplicationDto>(await apply(patient).expect(201)).id;
    const [a, b] = await Promise.all([approve(id), approve(id)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const count = await t.connection.collection('doctors').countDocuments({});
    const res = await t.http
      .get(`${API}/admin/doctors`)
      .query({ limit: 100 })
      .set(bearer(admin.accessToken))
      .expect(200);
    expect(pageOf<AdminDoctorDto>(res).total).toBe(count);
    expect(
      pageOf<AdminDoctorDto>(res).items.filter((d: { id: string }) => d.id === patient.id),
    ).toHaveLength(1);
  });

  it('422 when the applicant is no longer an active patient; the application stays pending', async () => {
    const patient = await registerPatient(t);
    const id = dataOf<DoctorApplicationDto>(await apply(patient).expect(201)).id;
    await t.http
      .post(`${API}/admin/users/${patient.id}/suspend`)
      .set(bearer(admin.accessToken))
      .send({ reason: 'Fraud check' })
      .expect(200);
    const res = await approve(id).expect(422);
    expect(errorOf(res).code).toBe('APPLICANT_NOT_ELIGIBLE');
    const pending = await t.http
      .get(`${API}/admin/doctor-applications`)
      .query({ status: 'pending', limit: 100 })
      .set(bearer(admin.accessToken))
      .expect(200);
    expect(pageOf<DoctorApplicationDto>(pending).items.map((a: { id: string }) => a.id)).toContain(
      id,
    );
  });

  it('only patients apply: 401 without token, 403 for doctors and admins', async () => {
    await t.http.post(`${API}/doctor-applications`).send(application()).expect(401);
    const doctor = await createDoctor(t);
    await t.http
      .post(`${API}/doctor-applications`)
      .set(bearer(doctor.accessToken))
      .send(application())
      .expect(403);
    await apply(admin).expect(403);
    await t.http.get(`${API}/doctor-applications/me`).expect(401);
  });

  it.each([
    ['unknown field', application({ status: 'approved' })],
    ['negative fee', application({ fee: -5 })],
    ['fractional fee', application({ fee: 99.5 })],
    ['invalid time zone', application({ timezone: 'Asia/Atlantis' })],
    ['bad currency', application({ currency: 'rupees' })],
    ['experience too high', application({ experienceYears: 90 })],
    ['missing degree', application({ degree: undefined })],
    ['operator value', application({ speciality: { $ne: null } })],
  ])('400 for %s', async (_label, body) => {
    const patient = await registerPatient(t);
    await apply(patient, body).expect(400);
  });

  it('400 UNKNOWN_SPECIALITY for a speciality that does not exist', async () => {
    const patient = await registerPatient(t);
    const res = await apply(patient, application({ speciality: 'alchemist' })).expect(400);
    expect(errorOf(res).code).toBe('UNKNOWN_SPECIALITY');
  });

  it('admin routes: 403 for patients, 404 unknown, 400 bad id / missing reason / bad status', async () => {
    const patient = await registerPatient(t);
    await t.http
      .get(`${API}/admin/doctor-applications`)
      .set(bearer(patient.accessToken))
      .expect(403);
    await approve('0123456789abcdef01234567', patient.accessToken).expect(403);
    const missing = await approve('0123456789abcdef01234567').expect(404);
    expect(errorOf(missing).code).toBe('APPLICATION_NOT_FOUND');
    await reject('0123456789abcdef01234567').expect(404);
    await approve('nope').expect(400);
    const id = dataOf<DoctorApplicationDto>(await apply(patient).expect(201)).id;
    await reject(id, {}).expect(400);
    await reject(id, { reason: 'x'.repeat(501) }).expect(400);
    await reject(id, { reason: 'fine', extra: 1 }).expect(400);
    for (const query of [{ status: 'maybe' }, { limit: 101 }, { page: 0 }]) {
      await t.http
        .get(`${API}/admin/doctor-applications`)
        .query(query)
        .set(bearer(admin.accessToken))
        .expect(400);
    }
    const op = await t.http
      .get(`${API}/admin/doctor-applications?status[$ne]=pending`)
      .set(bearer(admin.accessToken))
      .expect(400);
    expect(errorOf(op).code).toBe('FORBIDDEN_KEY');
  });

  it('paginates the admin list with a total', async () => {
    const res = await t.http
      .get(`${API}/admin/doctor-applications`)
      .query({ limit: 2 })
      .set(bearer(admin.accessToken))
      .expect(200);
    expect(pageOf<DoctorApplicationDto>(res).items).toHaveLength(2);
    expect(pageOf<DoctorApplicationDto>(res).total).toBeGreaterThan(2);
    expect(pageOf<DoctorApplicationDto>(res)).toMatchObject({ page: 1, limit: 2 });
  });

  it('422 when the applicant has meanwhile become an admin', async () => {
    const patient = await registerPatient(t);
    const id = dataOf<DoctorApplicationDto>(await apply(patient).expect(201)).id;
    await t.connection
      .collection('users')
      .updateOne({ email: patient.email }, { $set: { role: Role.Admin } });
    const res = await approve(id).expect(422);
    expect(errorOf(res).code).toBe('APPLICANT_NOT_ELIGIBLE');
  });
});
