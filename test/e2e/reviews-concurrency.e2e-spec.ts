import { Types } from 'mongoose';
import { AppointmentStatus } from '../../src/modules/appointments/domain/appointment-status';
import { RatingRepairService } from '../../src/modules/reviews/rating-repair.service';
import { createPatients, insertAppointment } from '../factories/appointments.factory';
import { createAdmin, createDoctor, type TestDoctor } from '../factories/doctors.factory';
import type { TestUser } from '../factories/users.factory';
import { API, bearer, inBatches, tally } from '../utils/api-journeys';
import { createTestApp, type TestApp } from '../utils/test-app';
import { dataOf, errorOf, pageOf } from '../utils/responses';
import type { PublicDoctorDto } from '../../src/modules/doctors/dto/doctor-response.dto';
import type { OwnReviewDto } from '../../src/modules/reviews/dto/review-response.dto';

const PATIENTS = 200;
const RACES = 12;

/**
 * The doctor's aggregate stays exact under concurrency, across two app instances over one
 * database: every review change applies its delta with `$inc` in its own transaction, and two
 * changes of one review conflict and are retried on the new state. Volume comes from factories
 * (accounts through UsersService, completed appointments written directly); the all-HTTP
 * journey is in reviews.e2e-spec.ts.
 */
describe('reviews under concurrency (e2e)', () => {
  let t: TestApp;
  let second: TestApp;
  let admin: TestUser;
  let doctor: TestDoctor;
  let patients: TestUser[];
  let visits: string[];

  const instance = (i: number) => (i % 2 === 0 ? t : second);
  const rating = async (app: TestApp = t) =>
    dataOf<PublicDoctorDto>(await app.http.get(`${API}/doctors/${doctor.id}`).expect(200))
      .rating as {
      average: number;
      count: number;
      distribution: Record<string, number>;
    };
  /** The recount from the stored reviews, as the repair job does it. */
  const published = async () => {
    const rows = await t.connection
      .collection('reviews')
      .find({ doctorId: new Types.ObjectId(doctor.id), status: 'published' })
      .toArray();
    return { count: rows.length, sum: rows.reduce((a, r) => a + (r.rating as number), 0) };
  };
  const storedSum = async () => {
    const d = await t.connection
      .collection('doctors')
      .findOne({ _id: new Types.ObjectId(doctor.id) });
    return (d?.rating as { sum: number; count: number }) ?? { sum: 0, count: 0 };
  };

  beforeAll(async () => {
    t = await createTestApp();
    second = await createTestApp({ mongodbUri: t.config.MONGODB_URI });
    admin = await createAdmin(t);
    doctor = await createDoctor(t, { name: 'Dr. Popular' });
    patients = await createPatients(t, PATIENTS);
    visits = await inBatches(PATIENTS, (i) =>
      insertAppointment(t, {
        doctorId: doctor.id,
        patientId: patients[i].id,
        startsAt: new Date(Date.now() - (i + 2) * 3_600_000),
        status: AppointmentStatus.Completed,
      }),
    );
  }, 180_000);

  afterAll(async () => {
    await second.close({ dropDatabase: false });
    await t.close();
  });

  it('200 patients reviewing one doctor at once on two instances: count 200 and the exact sum', async () => {
    const stars = (i: number) => (i % 5) + 1;
    const send = (i: number) =>
      instance(i)
        .http.post(`${API}/appointments/${visits[i]}/review`)
        .set(bearer(patients[i].accessToken))
        .send({ rating: stars(i) });
    // All 200 at once, half on each instance. Every one writes the same doctor document in
    // its transaction: on one instance they queue for it (a per-doctor lock in process), and
    // the few conflicts between the two instances are retried by the transaction runner, so
    // every patient gets 201 on the first try.
    const responses = await Promise.all(patients.map((_p, i) => send(i)));
    expect(tally(responses)).toEqual({ '201': PATIENTS });
    const expectedSum = patients.reduce((a, _p, i) => a + stars(i), 0);
    const r = await rating(second);
    expect(r.count).toBe(PATIENTS);
    expect(r.distribution).toEqual({ 1: 40, 2: 40, 3: 40, 4: 40, 5: 40 });
    expect(r.average).toBe(Math.round((expectedSum / PATIENTS) * 100) / 100);
    expect(await storedSum()).toMatchObject({ count: PATIENTS, sum: expectedSum });

    // A second round of the same reviews: every one refused, nothing counted twice.
    const again = await Promise.all(
      patients.slice(0, 40).map((p, i) =>
        instance(i + 1)
          .http.post(`${API}/appointments/${visits[i]}/review`)
          .set(bearer(p.accessToken))
          .send({ rating: 5 }),
      ),
    );
    expect(tally(again)).toEqual({ '409 ALREADY_REVIEWED': 40 });
    expect(await storedSum()).toMatchObject({ count: PATIENTS, sum: expectedSum });
  }, 120_000);

  it('concurrent edit and hide of the same review leave the aggregate exact', async () => {
    const ids = pageOf<OwnReviewDto>(
      await t.http.get(`${API}/reviews/me`).set(bearer(patients[0].accessToken)).expect(200),
    ).items.map((r: { id: string }) => r.id);
    expect(ids).toHaveLength(1);
    const reviewIds: string[] = [];
    for (let i = 0; i < RACES; i++) {
      const mine = await t.http
        .get(`${API}/reviews/me`)
        .set(bearer(patients[i].accessToken))
        .expect(200);
      reviewIds.push(pageOf<OwnReviewDto>(mine).items[0].id);
    }
    const results = await Promise.all(
      reviewIds.flatMap((id, i) => [
        instance(i)
          .http.patch(`${API}/reviews/${id}`)
          .set(bearer(patients[i].accessToken))
          .send({ rating: ((i + 2) % 5) + 1 }),
        instance(i + 1)
          .http.post(`${API}/admin/reviews/${id}/hide`)
          .set(bearer(admin.accessToken))
          .send({ reason: 'race' }),
        // A restore racing too: it applies only if the hide committed first.
        instance(i)
          .http.post(`${API}/admin/reviews/${id}/restore`)
          .set(bearer(admin.accessToken))
          .send({ reason: 'race' }),
      ]),
    );
    for (const r of results) {
      expect([200, 409]).toContain(r.status);
      if (r.status === 409) {
        expect(errorOf(r).code).toBe('INVALID_REVIEW_STATE');
      }
    }
    const recount = await published();
    expect(await storedSum()).toMatchObject(recount);
    const r = await rating(second);
    expect(r.count).toBe(recount.count);
    const drift = await t.get(RatingRepairService).repairAll();
    expect(drift.drifted).toEqual([]);
  }, 120_000);

  it('concurrent deletes, reports and hides of the same reviews leave the aggregate exact', async () => {
    const reporters = patients.slice(100, 103);
    const targets: Array<{ id: string; owner: TestUser }> = [];
    for (let i = RACES; i < RACES * 2; i++) {
      const mine = await t.http
        .get(`${API}/reviews/me`)
        .set(bearer(patients[i].accessToken))
        .expect(200);
      targets.push({ id: pageOf<OwnReviewDto>(mine).items[0].id, owner: patients[i] });
    }
    const results = await Promise.all(
      targets.flatMap(({ id, owner }, i) => [
        instance(i).http.delete(`${API}/reviews/${id}`).set(bearer(owner.accessToken)),
        instance(i + 1)
          .http.post(`${API}/admin/reviews/${id}/hide`)
          .set(bearer(admin.accessToken))
          .send({ reason: 'race' }),
        ...reporters.map((rep, k) =>
          instance(i + k)
            .http.post(`${API}/reviews/${id}/report`)
            .set(bearer(rep.accessToken))
            .send({ reason: 'spam' }),
        ),
      ]),
    );
    for (const r of results) {
      expect([200, 404, 409]).toContain(r.status);
    }
    const recount = await published();
    expect(await storedSum()).toMatchObject(recount);
    expect((await t.get(RatingRepairService).repairAll()).drifted).toEqual([]);
  }, 120_000);
});
