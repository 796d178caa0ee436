import { Types } from 'mongoose';
import { FollowsRepository } from '../../src/modules/follows/follows.repository';
import { UserEvents } from '../../src/modules/users/users.events';
import { createAdmin, createDoctor, type TestDoctor } from '../factories/doctors.factory';
import { bearer, registerPatient, type TestUser } from '../factories/users.factory';
import { winningPlanStages } from '../utils/explain';
import { drainOutbox, publishAndDrain } from '../utils/outbox';
import { createTestApp, TestApp } from '../utils/test-app';
import { API } from '../utils/http';
import { dataOf, errorOf, pageOf } from '../utils/responses';
import type {
  DoctorProfileDto,
  PublicDoctorDto,
} from '../../src/modules/doctors/dto/doctor-response.dto';
import type { FollowStatusDto, FollowedDoctorDto } from '../../src/modules/follows/dto/follow.dto';

describe('follows (e2e)', () => {
  let t: TestApp;
  let admin: TestUser;
  let patient: TestUser;
  let doctor: TestDoctor;

  const put = (doctorId: string, user: { accessToken: string } = patient) =>
    t.http.put(`${API}/follows/${doctorId}`).set(bearer(user.accessToken));
  const del = (doctorId: string, user: { accessToken: string } = patient) =>
    t.http.delete(`${API}/follows/${doctorId}`).set(bearer(user.accessToken));
  /** The public count once the relay has delivered every follow change (drainOutbox). */
  const followers = async (doctorId: string): Promise<number> => {
    await drainOutbox(t);
    return dataOf<PublicDoctorDto>(await t.http.get(`${API}/doctors/${doctorId}`).expect(200))
      .followersCount;
  };
  const followDocs = (doctorId: string): Promise<number> =>
    t.connection.collection('follows').countDocuments({ doctorId: new Types.ObjectId(doctorId) });

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createAdmin(t);
    patient = await registerPatient(t);
    doctor = await createDoctor(t, { name: 'Dr. Followed' });
  });
  afterAll(() => t.close());

  it('follow is idempotent and counted once; unfollow is idempotent and never goes below 0', async () => {
    const first = await put(doctor.id).expect(200);
    expect(dataOf<FollowStatusDto>(first)).toEqual({ doctorId: doctor.id, following: true });
    await put(doctor.id).expect(200);
    expect(await followers(doctor.id)).toBe(1);
    const status = await t.http
      .get(`${API}/follows/${doctor.id}`)
      .set(bearer(patient.accessToken))
      .expect(200);
    expect(dataOf<FollowStatusDto>(status)).toEqual({ doctorId: doctor.id, following: true });

    // The doctor sees the count on their own profile.
    const me = await t.http.get(`${API}/doctors/me`).set(bearer(doctor.accessToken)).expect(200);
    expect(dataOf<DoctorProfileDto>(me).followersCount).toBe(1);

    const off = await del(doctor.id).expect(200);
    expect(dataOf<FollowStatusDto>(off)).toEqual({ doctorId: doctor.id, following: false });
    await del(doctor.id).expect(200);
    expect(await followers(doctor.id)).toBe(0);
    const after = await t.http
      .get(`${API}/follows/${doctor.id}`)
      .set(bearer(patient.accessToken))
      .expect(200);
    expect(dataOf<FollowStatusDto>(after).following).toBe(false);
  });

  it('lists followed doctors newest first as public cards, null while unlisted', async () => {
    const p = await registerPatient(t);
    const d1 = await createDoctor(t, { name: 'Dr. First Follow' });
    const d2 = await createDoctor(t, { name: 'Dr. Second Follow' });
    await put(d1.id, p).expect(200);
    await put(d2.id, p).expect(200);
    const res = await t.http.get(`${API}/follows`).set(bearer(p.accessToken)).expect(200);
    expect(pageOf<FollowedDoctorDto>(res)).toMatchObject({ total: 2, page: 1, limit: 20 });
    expect(
      pageOf<FollowedDoctorDto>(res).items.map((i: { doctorId: string }) => i.doctorId),
    ).toEqual([d2.id, d1.id]);
    expect(pageOf<FollowedDoctorDto>(res).items[0].doctor).toMatchObject({
      id: d2.id,
      name: 'Dr. Second Follow',
    });
    expect(JSON.stringify(res.body)).not.toContain('@example.com');

    await t.http
      .patch(`${API}/admin/doctors/${d1.id}`)
      .set(bearer(admin.accessToken))
      .send({ visible: false })
      .expect(200);
    const hidden = await t.http
      .get(`${API}/follows`)
      .query({ limit: 1, page: 2 })
      .set(bearer(p.accessToken))
      .expect(200);
    expect(pageOf<FollowedDoctorDto>(hidden)).toMatchObject({ total: 2, page: 2, limit: 1 });
    expect(pageOf<FollowedDoctorDto>(hidden).items).toEqual([
      { doctorId: d1.id, followedAt: expect.any(String), doctor: null },
    ]);
    // Following a hidden doctor is refused, unfollowing still works.
    const refused = await put(d1.id).expect(404);
    expect(errorOf(refused).code).toBe('DOCTOR_NOT_FOUND');
    await del(d1.id, p).expect(200);
    expect(await followDocs(d1.id)).toBe(0);
  });

  it('404 for unknown or suspended doctors, 400 for bad ids and bad queries', async () => {
    await put('0123456789abcdef01234567').expect(404);
    await put('not-an-id').expect(400);
    await del('not-an-id').expect(400);
    await t.http.get(`${API}/follows/not-an-id`).set(bearer(patient.accessToken)).expect(400);
    for (const query of [{ limit: 101 }, { page: 0 }, { sort: 'x' }]) {
      await t.http.get(`${API}/follows`).query(query).set(bearer(patient.accessToken)).expect(400);
    }
    const op = await t.http
      .get(`${API}/follows?limit[$gt]=1`)
      .set(bearer(patient.accessToken))
      .expect(400);
    expect(errorOf(op).code).toBe('FORBIDDEN_KEY');
    const suspended = await createDoctor(t);
    await t.http
      .post(`${API}/admin/users/${suspended.id}/suspend`)
      .set(bearer(admin.accessToken))
      .send({ reason: 'Check' })
      .expect(200);
    await drainOutbox(t);
    await put(suspended.id).expect(404);
  });

  it('patients only: 401 without a token, 403 for doctors and admins', async () => {
    await t.http.put(`${API}/follows/${doctor.id}`).expect(401);
    await t.http.get(`${API}/follows`).expect(401);
    await put(doctor.id, doctor).expect(403);
    await put(doctor.id, admin).expect(403);
    await del(doctor.id, admin).expect(403);
    await t.http.get(`${API}/follows`).set(bearer(doctor.accessToken)).expect(403);
  });

  it('the follower count stays exact under 50 concurrent mixed follows and unfollows', async () => {
    const target = await createDoctor(t, { name: 'Dr. Storm' });
    const patients = await Promise.all(Array.from({ length: 5 }, () => registerPatient(t)));
    // Deterministic mix: every patient follows and unfollows several times, interleaved.
    const ops = Array.from({ length: 50 }, (_, i) => ({
      user: patients[i % patients.length],
      follow: (i * 7) % 3 !== 0,
    }));
    const results = await Promise.all(
      ops.map((op) => (op.follow ? put(target.id, op.user) : del(target.id, op.user))),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    const docs = await followDocs(target.id);
    expect(await followers(target.id)).toBe(docs);

    // And once more from a known state: everybody follows at once, twice.
    const all = await Promise.all([...patients, ...patients].map((p) => put(target.id, p)));
    expect(all.every((r) => r.status === 200)).toBe(true);
    expect(await followDocs(target.id)).toBe(5);
    expect(await followers(target.id)).toBe(5);
    await Promise.all([...patients, ...patients].map((p) => del(target.id, p)));
    expect(await followDocs(target.id)).toBe(0);
    expect(await followers(target.id)).toBe(0);
  });

  it('a purged patient’s follows are erased and the counts corrected', async () => {
    const p = await registerPatient(t);
    const d = await createDoctor(t);
    await put(d.id, p).expect(200);
    expect(await followers(d.id)).toBe(1);
    await publishAndDrain(t, UserEvents.Purged, { userId: p.id });
    expect(await followDocs(d.id)).toBe(0);
    expect(await followers(d.id)).toBe(0);
  });

  it('the follow queries are served by indexes', async () => {
    const repo = t.get(FollowsRepository);
    const explains = [
      await repo.listByPatientQuery(patient.id, 0, 20).explain('queryPlanner'),
      await repo.existsQuery(patient.id, doctor.id).explain('queryPlanner'),
    ];
    for (const explain of explains) {
      const stages = winningPlanStages(explain).map((s) => s.stage);
      expect(stages).toContain('IXSCAN');
      expect(stages).not.toContain('COLLSCAN');
      expect(stages).not.toContain('SORT');
    }
  });
});
