import { TransactionRunner } from '../../src/database/transaction-runner';
import { DoctorRatingsService } from '../../src/modules/doctors/doctor-ratings.service';
import { DoctorsService } from '../../src/modules/doctors/doctors.service';
import { ratingDelta, type Star } from '../../src/modules/doctors/domain/rating';
import { UserEvents } from '../../src/modules/users/users.events';
import { createAdmin, createDoctor, type TestDoctor } from '../factories/doctors.factory';
import { bearer, type TestUser } from '../factories/users.factory';
import { drainOutbox, publishAndDrain } from '../utils/outbox';
import { createTestApp, TestApp } from '../utils/test-app';
import { API } from '../utils/http';
import { dataOf, errorOf, pageOf } from '../utils/responses';
import type {
  AdminDoctorDto,
  PublicDoctorDto,
} from '../../src/modules/doctors/dto/doctor-response.dto';
import type { SpecialityDto } from '../../src/modules/doctors/dto/speciality.dto';

const PUBLIC_KEYS = [
  'about',
  'acceptingAppointments',
  'address',
  'degree',
  'experienceYears',
  'fee',
  'followersCount',
  'id',
  'imageUrl',
  'name',
  'rating',
  'speciality',
  'specialityName',
  'timezone',
].sort();

describe('doctors discovery (e2e)', () => {
  let t: TestApp;
  let admin: TestUser;
  let asha: TestDoctor;
  let ravi: TestDoctor;
  let emile: TestDoctor;
  let hidden: TestDoctor;

  /** Names of the public list for a query string, in order. */
  const names = async (query: Record<string, string | number> = {}): Promise<string[]> => {
    const res = await t.http.get(`${API}/doctors`).query(query).expect(200);
    const items = pageOf<PublicDoctorDto>(res).items as { name: string }[];
    expect(pageOf<PublicDoctorDto>(res).total).toBe(items.length); // every result fits on one page here
    return items.map((d) => d.name);
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createAdmin(t);
    asha = await createDoctor(t, {
      name: 'Dr. Asha Rao',
      speciality: 'cardiologist',
      fee: 80000,
      experienceYears: 10,
    });
    ravi = await createDoctor(t, {
      name: 'Dr. Ravi Kumar',
      speciality: 'cardiologist',
      fee: 50000,
      experienceYears: 20,
    });
    emile = await createDoctor(t, {
      name: 'Dr. Émile Zola',
      speciality: 'dermatologist',
      fee: 30000,
      experienceYears: 3,
      acceptingAppointments: false,
    });
    hidden = await createDoctor(t, {
      name: 'Dr. Hidden Person',
      speciality: 'cardiologist',
      fee: 10000,
      visible: false,
    });
    // Counters are written by other modules (reviews, follows) through the service.
    const service = t.get(DoctorRatingsService);
    const rate = (id: string, stars: Star[]) =>
      t.get(TransactionRunner).run(async (session) => {
        for (const s of stars) {
          await service.applyRatingDelta(id, ratingDelta(s), session);
        }
      });
    await rate(asha.id, [5, 5, 5, 5, 5, 4, 4, 4, 4, 4]); // 4.5 over 10
    await rate(ravi.id, [4, 4, 4, 4, 3]); // 3.8 over 5
    await rate(emile.id, [5]); // 5 over 1
    for (let i = 0; i < 3; i++) {
      await t.get(DoctorsService).adjustFollowers(asha.id, 1);
    }
    for (let i = 0; i < 5; i++) {
      await t.get(DoctorsService).adjustFollowers(ravi.id, 1);
    }
  });
  afterAll(() => t.close());

  describe('GET /doctors', () => {
    it('lists approved, visible, active doctors with public fields only', async () => {
      const res = await t.http.get(`${API}/doctors`).expect(200);
      expect(pageOf<PublicDoctorDto>(res).total).toBe(3);
      expect(pageOf<PublicDoctorDto>(res)).toMatchObject({ page: 1, limit: 20 });
      for (const item of pageOf<PublicDoctorDto>(res).items) {
        expect(Object.keys(item).sort()).toEqual(PUBLIC_KEYS);
      }
      const body = JSON.stringify(res.body);
      expect(body).not.toContain('@example.com');
      expect(body).not.toContain('Hidden Person');
      const a = pageOf<PublicDoctorDto>(res).items.find((d: { id: string }) => d.id === asha.id);
      expect(a).toMatchObject({
        name: 'Dr. Asha Rao',
        speciality: 'cardiologist',
        specialityName: 'Cardiologist',
        fee: { amount: 80000, currency: 'INR' },
        followersCount: 3,
        rating: { average: 4.5, count: 10, distribution: { 1: 0, 2: 0, 3: 0, 4: 5, 5: 5 } },
        acceptingAppointments: true,
      });
    });

    it('sorts by popularity by default, and by each offered key', async () => {
      expect(await names()).toEqual(['Dr. Ravi Kumar', 'Dr. Asha Rao', 'Dr. Émile Zola']);
      expect(await names({ sort: 'popularity' })).toEqual(await names());
      // The fair score (RATING_PRIOR_WEIGHT 5 ratings of RATING_PRIOR_MEAN 3 added): Asha
      // (5*3+45)/15 = 4.0, Ravi (15+19)/10 = 3.4, Émile (15+5)/6 = 3.33: one 5-star does not
      // beat ten ratings averaging 4.5, nor five averaging 3.8.
      expect(await names({ sort: 'rating' })).toEqual([
        'Dr. Asha Rao',
        'Dr. Ravi Kumar',
        'Dr. Émile Zola',
      ]);
      expect(await names({ sort: 'fee' })).toEqual([
        'Dr. Émile Zola',
        'Dr. Ravi Kumar',
        'Dr. Asha Rao',
      ]);
      expect(await names({ sort: 'fee_desc' })).toEqual([
        'Dr. Asha Rao',
        'Dr. Ravi Kumar',
        'Dr. Émile Zola',
      ]);
      expect(await names({ sort: 'experience' })).toEqual([
        'Dr. Ravi Kumar',
        'Dr. Asha Rao',
        'Dr. Émile Zola',
      ]);
      expect(await names({ sort: 'name' })).toEqual([
        'Dr. Asha Rao',
        'Dr. Émile Zola',
        'Dr. Ravi Kumar',
      ]);
    });

    it('filters by speciality, fee, rating and accepting', async () => {
      expect(await names({ speciality: 'cardiologist' })).toEqual([
        'Dr. Ravi Kumar',
        'Dr. Asha Rao',
      ]);
      expect(await names({ speciality: 'neurologist' })).toEqual([]);
      expect(await names({ maxFee: 50000, sort: 'fee' })).toEqual([
        'Dr. Émile Zola',
        'Dr. Ravi Kumar',
      ]);
      // minRating filters on the plain average; the order stays the fair score's.
      expect(await names({ minRating: 4, sort: 'rating' })).toEqual([
        'Dr. Asha Rao',
        'Dr. Émile Zola',
      ]);
      expect(await names({ accepting: 'true' })).toEqual(['Dr. Ravi Kumar', 'Dr. Asha Rao']);
      expect(await names({ accepting: 'false' })).toEqual(['Dr. Émile Zola']);
      expect(
        await names({ speciality: 'cardiologist', maxFee: 60000, minRating: 3, accepting: 'true' }),
      ).toEqual(['Dr. Ravi Kumar']);
    });

    it('searches name-word prefixes, ignoring case, accents and regex syntax', async () => {
      expect(await names({ search: 'asha' })).toEqual(['Dr. Asha Rao']);
      expect(await names({ search: 'RAO as' })).toEqual(['Dr. Asha Rao']);
      expect(await names({ search: 'emile' })).toEqual(['Dr. Émile Zola']);
      expect(await names({ search: 'ZOL' })).toEqual(['Dr. Émile Zola']);
      expect(await names({ search: 'ku' })).toEqual(['Dr. Ravi Kumar']);
      expect(await names({ search: 'sha' })).toEqual([]); // prefixes only
      expect(await names({ search: 'a.*' })).toEqual(['Dr. Asha Rao']);
      expect(await names({ search: '(' })).toHaveLength(3);
      expect(await names({ search: 'hidden' })).toEqual([]);
      expect(await names({ search: 'dr', speciality: 'dermatologist' })).toEqual([
        'Dr. Émile Zola',
      ]);
    });

    it('paginates with a total and a stable order', async () => {
      const p1 = await t.http.get(`${API}/doctors`).query({ limit: 2, sort: 'name' }).expect(200);
      const p2 = await t.http
        .get(`${API}/doctors`)
        .query({ limit: 2, page: 2, sort: 'name' })
        .expect(200);
      expect(pageOf<PublicDoctorDto>(p1)).toMatchObject({ total: 3, page: 1, limit: 2 });
      expect(pageOf<PublicDoctorDto>(p1).items).toHaveLength(2);
      expect(pageOf<PublicDoctorDto>(p2).items.map((d: { name: string }) => d.name)).toEqual([
        'Dr. Ravi Kumar',
      ]);
      expect(pageOf<PublicDoctorDto>(p2).total).toBe(3);
    });

    it.each([
      [{ limit: 101 }],
      [{ limit: 0 }],
      [{ page: 'abc' }],
      [{ sort: 'bogus' }],
      [{ accepting: 'yes' }],
      [{ maxFee: -1 }],
      [{ maxFee: 1.5 }],
      [{ maxFee: 'cheap' }],
      [{ minRating: 6 }],
      [{ speciality: 'Not A Slug' }],
      [{ search: 'x'.repeat(101) }],
      [{ unknown: 1 }],
    ])('rejects bad query %j with 400', async (query) => {
      const res = await t.http.get(`${API}/doctors`).query(query).expect(400);
      expect(res.body).toMatchObject({ success: false, code: 'VALIDATION_FAILED' });
    });

    it('rejects Mongo operators and repeated params in the query', async () => {
      const op = await t.http.get(`${API}/doctors?speciality[$ne]=x`).expect(400);
      expect(errorOf(op).code).toBe('FORBIDDEN_KEY');
      const fee = await t.http.get(`${API}/doctors?maxFee[$gt]=0`).expect(400);
      expect(errorOf(fee).code).toBe('FORBIDDEN_KEY');
      await t.http.get(`${API}/doctors?speciality=a&speciality=b`).expect(400);
    });
  });

  describe('GET /doctors/:id', () => {
    it('returns a public profile without e-mail', async () => {
      const res = await t.http.get(`${API}/doctors/${asha.id}`).expect(200);
      expect(Object.keys(dataOf<PublicDoctorDto>(res)).sort()).toEqual(PUBLIC_KEYS);
      expect(dataOf<PublicDoctorDto>(res)).toMatchObject({ id: asha.id, name: 'Dr. Asha Rao' });
      expect(JSON.stringify(res.body)).not.toContain(asha.email);
    });

    it('404 for a hidden or unknown doctor, 400 for a malformed id', async () => {
      const h = await t.http.get(`${API}/doctors/${hidden.id}`).expect(404);
      expect(errorOf(h).code).toBe('DOCTOR_NOT_FOUND');
      await t.http.get(`${API}/doctors/0123456789abcdef01234567`).expect(404);
      const bad = await t.http.get(`${API}/doctors/not-an-id`).expect(400);
      expect(errorOf(bad).code).toBe('INVALID_ID');
    });
  });

  describe('visibility for admins', () => {
    it('admins see hidden doctors, with e-mail, and can filter on visibility', async () => {
      const all = await t.http.get(`${API}/admin/doctors`).set(bearer(admin.accessToken));
      expect(all.status).toBe(200);
      expect(pageOf<AdminDoctorDto>(all).total).toBe(4);
      const res = await t.http
        .get(`${API}/admin/doctors`)
        .query({ visible: 'false' })
        .set(bearer(admin.accessToken))
        .expect(200);
      expect(pageOf<AdminDoctorDto>(res).items).toHaveLength(1);
      expect(pageOf<AdminDoctorDto>(res).items[0]).toMatchObject({
        id: hidden.id,
        email: hidden.email,
        visible: false,
        listed: false,
      });
      const one = await t.http
        .get(`${API}/admin/doctors/${hidden.id}`)
        .set(bearer(admin.accessToken))
        .expect(200);
      expect(dataOf<AdminDoctorDto>(one).name).toBe('Dr. Hidden Person');
    });

    it('a hidden doctor made visible appears publicly', async () => {
      await t.http
        .patch(`${API}/admin/doctors/${hidden.id}`)
        .set(bearer(admin.accessToken))
        .send({ visible: true })
        .expect(200);
      expect(await names({ search: 'hidden' })).toEqual(['Dr. Hidden Person']);
      await t.http
        .patch(`${API}/admin/doctors/${hidden.id}`)
        .set(bearer(admin.accessToken))
        .send({ visible: false })
        .expect(200);
      expect(await names({ search: 'hidden' })).toEqual([]);
    });

    it('revoking approval unlists a doctor until it is restored', async () => {
      await t.http
        .patch(`${API}/admin/doctors/${emile.id}`)
        .set(bearer(admin.accessToken))
        .send({ approvalStatus: 'revoked' })
        .expect(200);
      expect(await names({ search: 'emile' })).toEqual([]);
      const revoked = await t.http
        .get(`${API}/admin/doctors`)
        .query({ approvalStatus: 'revoked' })
        .set(bearer(admin.accessToken))
        .expect(200);
      expect(pageOf<AdminDoctorDto>(revoked).items.map((d: { id: string }) => d.id)).toEqual([
        emile.id,
      ]);
      await t.http
        .patch(`${API}/admin/doctors/${emile.id}`)
        .set(bearer(admin.accessToken))
        .send({ approvalStatus: 'approved' })
        .expect(200);
      expect(await names({ search: 'emile' })).toEqual(['Dr. Émile Zola']);
    });
  });

  describe('account status', () => {
    it('a suspended doctor disappears from public lists and comes back when reactivated', async () => {
      await t.http
        .post(`${API}/admin/users/${ravi.id}/suspend`)
        .set(bearer(admin.accessToken))
        .send({ reason: 'Licence check' })
        .expect(200);
      await drainOutbox(t);
      expect(await names()).not.toContain('Dr. Ravi Kumar');
      await t.http.get(`${API}/doctors/${ravi.id}`).expect(404);
      const specs = await t.http.get(`${API}/specialities`).expect(200);
      const cardio = dataOf<SpecialityDto[]>(specs).find(
        (s: { slug: string }) => s.slug === 'cardiologist',
      );
      expect(cardio!.doctorCount).toBe(1);
      const admins = await t.http
        .get(`${API}/admin/doctors`)
        .query({ accountStatus: 'suspended' })
        .set(bearer(admin.accessToken))
        .expect(200);
      expect(pageOf<AdminDoctorDto>(admins).items).toEqual([
        expect.objectContaining({ id: ravi.id, accountStatus: 'suspended', listed: false }),
      ]);

      await t.http
        .post(`${API}/admin/users/${ravi.id}/reactivate`)
        .set(bearer(admin.accessToken))
        .expect(200);
      await drainOutbox(t);
      expect(await names()).toContain('Dr. Ravi Kumar');
    });

    it('a purged doctor is de-identified and hidden', async () => {
      const gone = await createDoctor(t, { name: 'Dr. Soon Gone' });
      await publishAndDrain(t, UserEvents.Purged, { userId: gone.id });
      const res = await t.http
        .get(`${API}/admin/doctors/${gone.id}`)
        .set(bearer(admin.accessToken))
        .expect(200);
      expect(dataOf<AdminDoctorDto>(res)).toMatchObject({
        name: 'Deleted doctor',
        about: '',
        address: null,
        imageUrl: null,
        visible: false,
        accountStatus: 'deleted',
        listed: false,
      });
      expect(await names({ search: 'soon' })).toEqual([]);
    });
  });

  describe('GET /specialities', () => {
    it('counts only publicly listed doctors', async () => {
      const res = await t.http.get(`${API}/specialities`).expect(200);
      const count = (slug: string) =>
        dataOf<SpecialityDto[]>(res).find((s: { slug: string }) => s.slug === slug)?.doctorCount;
      expect(count('cardiologist')).toBe(2); // Asha, Ravi; not the hidden one
      expect(count('dermatologist')).toBe(1);
      expect(count('neurologist')).toBe(0);
      expect(count('general-physician')).toBe(0); // the purged doctor is hidden
    });
  });
});
