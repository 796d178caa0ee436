import { AppointmentStatus } from '../../src/modules/appointments/domain/appointment-status';
import { RatingRepairJob } from '../../src/modules/jobs/rating-repair.job';
import { createPatients, insertAppointment } from '../factories/appointments.factory';
import { createDoctor, type TestDoctor } from '../factories/doctors.factory';
import type { TestUser } from '../factories/users.factory';
import { API, bearer, inBatches } from '../utils/api-journeys';
import { createTestApp, type TestApp } from '../utils/test-app';
import { pageOf } from '../utils/responses';
import type { PublicDoctorDto } from '../../src/modules/doctors/dto/doctor-response.dto';

/**
 * The `rating` sort ranks by the fair score, a Bayesian average with RATING_PRIOR_WEIGHT (5)
 * pseudo-ratings of RATING_PRIOR_MEAN (3) stars: one 5-star scores (15+5)/6 = 3.33, fifty
 * ratings averaging 4.5 score (15+225)/55 = 4.36. Responses still show the plain average and
 * the count. Reviews are written over HTTP; patients and completed visits come from factories.
 */
describe('reviews ranking (e2e)', () => {
  let t: TestApp;
  let oneFiveStar: TestDoctor;
  let fiftyAtFourAndAHalf: TestDoctor;
  let unrated: TestDoctor;
  let patients: TestUser[];

  const reviewAs = async (
    patient: TestUser,
    doctorId: string,
    rating: number,
    hoursAgo: number,
  ) => {
    const visit = await insertAppointment(t, {
      doctorId,
      patientId: patient.id,
      startsAt: new Date(Date.now() - hoursAgo * 3_600_000),
      status: AppointmentStatus.Completed,
    });
    await t.http
      .post(`${API}/appointments/${visit}/review`)
      .set(bearer(patient.accessToken))
      .send({ rating })
      .expect(201);
  };

  const ranked = async (app: TestApp = t) => {
    const res = await app.http.get(`${API}/doctors`).query({ sort: 'rating' }).expect(200);
    return pageOf<PublicDoctorDto>(res).items as Array<{
      id: string;
      rating: { average: number; count: number };
    }>;
  };

  beforeAll(async () => {
    t = await createTestApp();
    oneFiveStar = await createDoctor(t, { name: 'Dr. One Review' });
    fiftyAtFourAndAHalf = await createDoctor(t, { name: 'Dr. Fifty Reviews' });
    unrated = await createDoctor(t, { name: 'Dr. New Here' });
    patients = await createPatients(t, 51);
    await reviewAs(patients[50], oneFiveStar.id, 5, 2);
    await inBatches(
      50,
      (i) => reviewAs(patients[i], fiftyAtFourAndAHalf.id, i % 2 ? 5 : 4, i + 3),
      4,
    );
  }, 120_000);
  afterAll(() => t.close());

  it('one 5-star ranks below fifty ratings averaging 4.5; both show their plain average', async () => {
    const list = await ranked();
    expect(list.map((d) => d.id)).toEqual([fiftyAtFourAndAHalf.id, oneFiveStar.id, unrated.id]);
    expect(list[0].rating).toMatchObject({ average: 4.5, count: 50 });
    expect(list[1].rating).toMatchObject({ average: 5, count: 1 });
    expect(list[2].rating).toMatchObject({ average: 0, count: 0 });
    // minRating filters on the plain average, the order stays the fair one.
    const min = await t.http
      .get(`${API}/doctors`)
      .query({ sort: 'rating', minRating: 4.6 })
      .expect(200);
    expect(pageOf<PublicDoctorDto>(min).items.map((d: { id: string }) => d.id)).toEqual([
      oneFiveStar.id,
    ]);
  });

  it('the repair job re-scores every doctor when the prior changes', async () => {
    // An instance configured without a prior (plain averages), over the same database.
    const plain = await createTestApp({
      mongodbUri: t.config.MONGODB_URI,
      env: { RATING_PRIOR_WEIGHT: '0' },
    });
    try {
      const result = await plain.get(RatingRepairJob).run();
      expect(result).toMatchObject({ ran: true, drifted: [] });
      expect(result.repaired).toBeGreaterThanOrEqual(2);
      expect((await ranked(plain)).map((d) => d.id)).toEqual([
        oneFiveStar.id,
        fiftyAtFourAndAHalf.id,
        unrated.id,
      ]);
      // Back with the configured prior: the fair order again.
      await t.get(RatingRepairJob).run();
      expect((await ranked()).map((d) => d.id)).toEqual([
        fiftyAtFourAndAHalf.id,
        oneFiveStar.id,
        unrated.id,
      ]);
    } finally {
      await plain.close({ dropDatabase: false });
    }
  });
});
