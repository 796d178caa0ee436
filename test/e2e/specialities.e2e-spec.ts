import { DEFAULT_SPECIALITIES } from '../../src/modules/doctors/specialities.service';
import { createAdmin, createDoctor } from '../factories/doctors.factory';
import { bearer, registerPatient, type TestUser } from '../factories/users.factory';
import { createTestApp, TestApp } from '../utils/test-app';
import { API } from '../utils/http';
import { dataOf, errorOf, pageOf } from '../utils/responses';
import type { SpecialityDto } from '../../src/modules/doctors/dto/speciality.dto';
import type { PublicDoctorDto } from '../../src/modules/doctors/dto/doctor-response.dto';

describe('specialities (e2e)', () => {
  let t: TestApp;
  let admin: TestUser;

  const create = (body: object, token = admin.accessToken) =>
    t.http.post(`${API}/admin/specialities`).set(bearer(token)).send(body);

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createAdmin(t);
  });
  afterAll(() => t.close());

  it('seeds the default list, public, by name, with zero counts', async () => {
    const res = await t.http.get(`${API}/specialities`).expect(200);
    const slugs = (dataOf<SpecialityDto[]>(res) as { slug: string }[]).map((s) => s.slug);
    expect([...slugs].sort()).toEqual(DEFAULT_SPECIALITIES.map((s) => s.slug).sort());
    const names = (dataOf<SpecialityDto[]>(res) as { name: string }[]).map((s) => s.name);
    expect(names).toEqual([...names].sort());
    expect(dataOf<SpecialityDto[]>(res)).toContainEqual({
      slug: 'ent',
      name: 'ENT specialist',
      doctorCount: 0,
    });
  });

  it('seeding is idempotent across restarts and instances', async () => {
    const second = await createTestApp({ mongodbUri: t.config.MONGODB_URI });
    await second.close({ dropDatabase: false });
    const count = await t.connection.collection('specialities').countDocuments({});
    expect(count).toBe(DEFAULT_SPECIALITIES.length);
  });

  it('admins add specialities; the slug is derived from the name unless given', async () => {
    const a = await create({ name: 'Endocrinologist' }).expect(201);
    expect(dataOf<SpecialityDto>(a)).toEqual({
      slug: 'endocrinologist',
      name: 'Endocrinologist',
      doctorCount: 0,
    });
    const b = await create({ name: 'Ear, Nose & Throat (Paediatric)' }).expect(201);
    expect(dataOf<SpecialityDto>(b).slug).toBe('ear-nose-throat-paediatric');
    const c = await create({ name: 'Sports medicine', slug: 'sports-med' }).expect(201);
    expect(dataOf<SpecialityDto>(c).slug).toBe('sports-med');

    // A new speciality can be used at once, and is counted.
    await createDoctor(t, { speciality: 'sports-med' });
    const res = await t.http.get(`${API}/specialities`).expect(200);
    expect(dataOf<SpecialityDto[]>(res)).toContainEqual({
      slug: 'sports-med',
      name: 'Sports medicine',
      doctorCount: 1,
    });
    const list = await t.http.get(`${API}/doctors`).query({ speciality: 'sports-med' }).expect(200);
    expect(pageOf<PublicDoctorDto>(list).items[0].specialityName).toBe('Sports medicine');
  });

  it('409 SPECIALITY_EXISTS for a duplicate slug, even when two race', async () => {
    const dup = await create({ name: 'Cardiologist' }).expect(409);
    expect(errorOf(dup).code).toBe('SPECIALITY_EXISTS');
    await create({ name: 'Heart', slug: 'cardiologist' }).expect(409);
    const [x, y] = await Promise.all([
      create({ name: 'Oncologist' }),
      create({ name: 'Oncologist' }),
    ]);
    expect([x.status, y.status].sort()).toEqual([201, 409]);
  });

  it.each([
    [{}],
    [{ name: 'A' }],
    [{ name: 'x'.repeat(61) }],
    [{ name: 'Valid Name', slug: 'Not Valid' }],
    [{ name: 'Valid Name', slug: '-dash-' }],
    [{ name: 'Valid Name', extra: true }],
    [{ name: 42 }],
  ])('400 for %j', async (body) => {
    await create(body).expect(400);
  });

  it('400 when no slug can be derived from the name, and for operators', async () => {
    const res = await create({ name: '*** ***' }).expect(400);
    expect(errorOf(res).code).toBe('INVALID_SPECIALITY_SLUG');
    const op = await create({ name: { $gt: '' } }).expect(400);
    expect(errorOf(op).code).toBe('FORBIDDEN_KEY');
  });

  it('401 without a token, 403 for patients and doctors', async () => {
    await t.http.post(`${API}/admin/specialities`).send({ name: 'Urologist' }).expect(401);
    const patient = await registerPatient(t);
    await create({ name: 'Urologist' }, patient.accessToken).expect(403);
    const doctor = await createDoctor(t);
    await create({ name: 'Urologist' }, doctor.accessToken).expect(403);
  });
});
