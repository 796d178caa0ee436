import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Role } from '../../src/common/auth/role.enum';
import { DoctorsRepository } from '../../src/modules/doctors/doctors.repository';
import { UsersService } from '../../src/modules/users/users.service';
import { createAdmin, createDoctor, type TestDoctor } from '../factories/doctors.factory';
import {
  bearer,
  createUserWithRole,
  DEFAULT_PASSWORD,
  login,
  registerPatient,
  uniqueEmail,
  type TestUser,
} from '../factories/users.factory';
import { drainOutbox } from '../utils/outbox';
import { createTestApp, TestApp } from '../utils/test-app';
import { API } from '../utils/http';
import { dataOf, envelopeOf, errorOf, pageOf } from '../utils/responses';
import type {
  AdminDoctorDto,
  DoctorProfileDto,
  PublicDoctorDto,
} from '../../src/modules/doctors/dto/doctor-response.dto';
import type { UserResponseDto } from '../../src/modules/users/dto/user-response.dto';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const IMAGE_URL = /^http:\/\/localhost:3000\/uploads\/doctors\/[0-9a-f]{32}\.png$/;

type Fields = Record<string, string>;

const validFields = (overrides: Fields = {}): Fields => ({
  name: 'Dr. Meera Iyer',
  email: uniqueEmail('doc'),
  password: DEFAULT_PASSWORD,
  speciality: 'neurologist',
  degree: 'MBBS, DM (Neurology)',
  experienceYears: '14',
  about: 'Headache and epilepsy clinic.',
  fee: '120000',
  currency: 'INR',
  'address[line1]': '4 Residency Road',
  'address[line2]': 'Bengaluru 560025',
  timezone: 'Asia/Kolkata',
  ...overrides,
});

describe('doctors: admin creation, own profile, admin edits (e2e)', () => {
  let t: TestApp;
  let admin: TestUser;
  let patient: TestUser;

  const doctorImages = (): string[] => {
    const dir = join(t.uploadDir, 'doctors');
    return existsSync(dir) ? readdirSync(dir) : [];
  };

  const postDoctor = (fields: Fields, image?: { buffer: Buffer; name: string }, token?: string) => {
    let req = t.http.post(`${API}/admin/doctors`);
    if (token !== '') {
      req = req.set(bearer(token ?? admin.accessToken));
    }
    for (const [k, v] of Object.entries(fields)) {
      req = req.field(k, v);
    }
    if (image) {
      req = req.attach('image', image.buffer, image.name);
    }
    return req;
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createAdmin(t);
    patient = await registerPatient(t);
  });
  afterAll(() => t.close());

  describe('POST /admin/doctors', () => {
    it('creates an approved, visible doctor from a multipart form with an image', async () => {
      const fields = validFields();
      const res = await postDoctor(fields, { buffer: PNG, name: 'face.png' }).expect(201);
      expect(envelopeOf(res).message).toBe('Doctor created');
      expect(dataOf<AdminDoctorDto>(res)).toMatchObject({
        name: 'Dr. Meera Iyer',
        email: fields.email,
        speciality: 'neurologist',
        specialityName: 'Neurologist',
        degree: 'MBBS, DM (Neurology)',
        experienceYears: 14,
        about: 'Headache and epilepsy clinic.',
        fee: { amount: 120000, currency: 'INR' },
        address: { line1: '4 Residency Road', line2: 'Bengaluru 560025' },
        timezone: 'Asia/Kolkata',
        visible: true,
        acceptingAppointments: true,
        approvalStatus: 'approved',
        accountStatus: 'active',
        // Unlisted until the doctor replaces the admin's password (must-change-password.e2e).
        listed: false,
        mustChangePassword: true,
        followersCount: 0,
        rating: { average: 0, count: 0, distribution: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } },
      });
      expect(dataOf<AdminDoctorDto>(res).imageUrl).toMatch(IMAGE_URL);
      expect(JSON.stringify(res.body)).not.toMatch(/password|passwordHash|"key"|"_id"/);

      // The doctor signs in with the e-mail and password the admin chose.
      const tokens = await login(t, fields.email, fields.password);
      const me = await t.http.get(`${API}/users/me`).set(bearer(tokens.accessToken)).expect(200);
      expect(dataOf<UserResponseDto>(me)).toMatchObject({
        role: Role.Doctor,
        mustChangePassword: true,
      });
      const profile = await t.http
        .get(`${API}/doctors/me`)
        .set(bearer(tokens.accessToken))
        .expect(200);
      expect(dataOf<DoctorProfileDto>(profile).id).toBe(dataOf<AdminDoctorDto>(res).id);
      await t.http.get(`${API}/doctors/${dataOf<AdminDoctorDto>(res).id}`).expect(404);
    });

    it('accepts a doctor without an image', async () => {
      const res = await postDoctor(validFields()).expect(201);
      expect(dataOf<AdminDoctorDto>(res).imageUrl).toBeNull();
    });

    it('treats an empty image part as no image (Swagger UI "Send empty value", empty file input)', async () => {
      const imagesBefore = doctorImages().length;
      const asText = await postDoctor({ ...validFields(), image: '' }).expect(201);
      expect(dataOf<AdminDoctorDto>(asText).imageUrl).toBeNull();
      const asFile = await postDoctor(validFields(), { buffer: Buffer.alloc(0), name: '' }).expect(
        201,
      );
      expect(dataOf<AdminDoctorDto>(asFile).imageUrl).toBeNull();
      expect(doctorImages()).toHaveLength(imagesBefore);
      const stray = await postDoctor({ ...validFields(), image: 'x' }).expect(400);
      expect(errorOf(stray).code).toBe('VALIDATION_FAILED');
    });

    it('401 without a token, 403 for patients and doctors', async () => {
      await postDoctor(validFields(), undefined, '').expect(401);
      await postDoctor(validFields(), undefined, patient.accessToken).expect(403);
      const doctor = await createDoctor(t);
      await postDoctor(validFields(), undefined, doctor.accessToken).expect(403);
    });

    it('409 EMAIL_TAKEN for an existing e-mail, leaving no stored image behind', async () => {
      const before = doctorImages().length;
      const res = await postDoctor(validFields({ email: patient.email }), {
        buffer: PNG,
        name: 'x.png',
      }).expect(409);
      expect(errorOf(res).code).toBe('EMAIL_TAKEN');
      expect(doctorImages()).toHaveLength(before);
    });

    it('creates the account and the profile atomically: a failed profile write leaves no account', async () => {
      const fields = validFields();
      const repo = t.get(DoctorsRepository);
      const spy = jest.spyOn(repo, 'insert').mockRejectedValueOnce(new Error('disk on fire'));
      try {
        const res = await postDoctor(fields, { buffer: PNG, name: 'x.png' }).expect(500);
        expect(res.body).toMatchObject({ success: false, code: 'INTERNAL_ERROR' });
        expect(JSON.stringify(res.body)).not.toContain('disk on fire');
      } finally {
        spy.mockRestore();
      }
      await t.http
        .post(`${API}/auth/login`)
        .send({ email: fields.email, password: fields.password })
        .expect(401);
      expect(await t.get(UsersService).findByEmail(fields.email)).toBeNull();
      const res = await postDoctor(fields).expect(201); // the e-mail is still free
      expect(dataOf<AdminDoctorDto>(res).email).toBe(fields.email);
    });

    it('400 for a non-image file, without creating the account', async () => {
      const fields = validFields();
      const res = await postDoctor(fields, {
        buffer: Buffer.from('%PDF-1.4 not an image'),
        name: 'face.png',
      }).expect(400);
      expect(errorOf(res).code).toBe('UNSUPPORTED_IMAGE_TYPE');
      await t.http
        .post(`${API}/auth/login`)
        .send({ email: fields.email, password: fields.password })
        .expect(401);
      await postDoctor(fields).expect(201); // the e-mail is still free
    });

    it('400 for an unexpected file field', async () => {
      const req = postDoctor(validFields()).attach('photo', PNG, 'a.png');
      await req.expect(400);
    });

    it.each([
      ['negative fee', { fee: '-1' }],
      ['fractional fee', { fee: '10.5' }],
      ['text fee', { fee: 'free' }],
      ['empty fee', { fee: '' }],
      ['experience above 80', { experienceYears: '81' }],
      ['fractional experience', { experienceYears: '2.5' }],
      ['lower-case currency', { currency: 'inr' }],
      ['unknown currency', { currency: 'ABC' }],
      ['invalid time zone', { timezone: 'Mars/Olympus_Mons' }],
      ['offset instead of a zone', { timezone: '+05:30' }],
      ['malformed e-mail', { email: 'not-an-email' }],
      ['common password', { password: 'password' }],
      ['blank name', { name: ' ' }],
      ['long about', { about: 'x'.repeat(2001) }],
      ['unknown field', { role: 'admin' }],
      ['counter field', { followersCount: '100' }],
      ['Mongo operator in a field name', { 'name[$gt]': '' }],
      ['bad speciality slug', { speciality: 'Heart Doctor' }],
    ])('400 for %s', async (_label, overrides) => {
      const res = await postDoctor(validFields(overrides)).expect(400);
      expect(errorOf(res).success).toBe(false);
    });

    it('400 for missing required fields', async () => {
      const { fee: _fee, timezone: _tz, ...rest } = validFields();
      const res = await postDoctor(rest).expect(400);
      const fields = (errorOf(res).details as { field: string }[]).map((d) => d.field);
      expect(fields).toEqual(expect.arrayContaining(['fee', 'timezone']));
    });

    it('400 UNKNOWN_SPECIALITY for a slug that is not a speciality', async () => {
      const res = await postDoctor(validFields({ speciality: 'astrologer' })).expect(400);
      expect(errorOf(res).code).toBe('UNKNOWN_SPECIALITY');
    });

    it('also accepts a JSON body and rejects operators in it', async () => {
      const json = {
        ...validFields(),
        experienceYears: 3,
        fee: 1000,
        address: { line1: 'a', line2: 'b' },
      };
      delete (json as Record<string, unknown>)['address[line1]'];
      delete (json as Record<string, unknown>)['address[line2]'];
      await t.http
        .post(`${API}/admin/doctors`)
        .set(bearer(admin.accessToken))
        .send(json)
        .expect(201);
      const op = await t.http
        .post(`${API}/admin/doctors`)
        .set(bearer(admin.accessToken))
        .send({ ...json, email: uniqueEmail(), name: { $gt: '' } })
        .expect(400);
      expect(errorOf(op).code).toBe('FORBIDDEN_KEY');
    });
  });

  describe('GET|PATCH /doctors/me', () => {
    let doctor: TestDoctor;

    beforeAll(async () => {
      doctor = await createDoctor(t, { name: 'Dr. Self Edit' });
    });

    it('401 without a token, 403 for a patient, 404 for a doctor account without a profile', async () => {
      await t.http.get(`${API}/doctors/me`).expect(401);
      await t.http.get(`${API}/doctors/me`).set(bearer(patient.accessToken)).expect(403);
      await t.http.patch(`${API}/doctors/me`).set(bearer(patient.accessToken)).send({}).expect(403);
      const bare = await createUserWithRole(t, Role.Doctor);
      const res = await t.http.get(`${API}/doctors/me`).set(bearer(bare.accessToken)).expect(404);
      expect(errorOf(res).code).toBe('DOCTOR_NOT_FOUND');
    });

    it('shows the listing state and follower count, never the e-mail', async () => {
      const res = await t.http.get(`${API}/doctors/me`).set(bearer(doctor.accessToken)).expect(200);
      expect(dataOf<DoctorProfileDto>(res)).toMatchObject({
        id: doctor.id,
        followersCount: 0,
        visible: true,
        listed: true,
        approvalStatus: 'approved',
      });
      // Not a field of DoctorProfileDto: read as the plain JSON object it is.
      expect(dataOf<Record<string, unknown>>(res).email).toBeUndefined();
    });

    it('updates the fields a doctor owns', async () => {
      const res = await t.http
        .patch(`${API}/doctors/me`)
        .set(bearer(doctor.accessToken))
        .send({
          about: '$5 off for students', // stored as text, not read as a field path
          fee: 65000,
          currency: 'USD',
          address: { line1: '1 New Street' },
          acceptingAppointments: false,
          timezone: 'Europe/London',
          experienceYears: 6,
        })
        .expect(200);
      expect(dataOf<DoctorProfileDto>(res)).toMatchObject({
        about: '$5 off for students',
        fee: { amount: 65000, currency: 'USD' },
        address: { line1: '1 New Street', line2: 'Bengaluru' },
        acceptingAppointments: false,
        timezone: 'Europe/London',
        experienceYears: 6,
        listed: true,
      });
      const pub = await t.http.get(`${API}/doctors/${doctor.id}`).expect(200);
      expect(dataOf<PublicDoctorDto>(pub).about).toBe('$5 off for students');
      const empty = await t.http
        .patch(`${API}/doctors/me`)
        .set(bearer(doctor.accessToken))
        .send({})
        .expect(200);
      expect(dataOf<DoctorProfileDto>(empty).fee).toEqual({ amount: 65000, currency: 'USD' });
    });

    it.each([
      [{ visible: false }],
      [{ approvalStatus: 'approved' }],
      [{ followersCount: 1000 }],
      [{ ratingAverage: 5 }],
      [{ email: 'x@example.com' }],
      [{ role: 'admin' }],
      [{ speciality: 'cardiologist' }],
      [{ degree: 'PhD' }],
      [{ name: 'Someone Else' }],
      [{ listed: true }],
      [{ fee: -1 }],
      [{ fee: 10.5 }],
      [{ currency: 'inr' }],
      [{ timezone: 'Asia/Nowhere' }],
      [{ experienceYears: -1 }],
      [{ about: 'x'.repeat(2001) }],
      [{ acceptingAppointments: 'yes' }],
      [{ address: { line3: 'x' } }],
    ])('400 for %j', async (body) => {
      await t.http
        .patch(`${API}/doctors/me`)
        .set(bearer(doctor.accessToken))
        .send(body)
        .expect(400);
    });

    it('400 FORBIDDEN_KEY for Mongo operators', async () => {
      const res = await t.http
        .patch(`${API}/doctors/me`)
        .set(bearer(doctor.accessToken))
        .send({ about: { $gt: '' } })
        .expect(400);
      expect(errorOf(res).code).toBe('FORBIDDEN_KEY');
    });
  });

  describe('POST /doctors/me/image', () => {
    let doctor: TestDoctor;

    beforeAll(async () => {
      doctor = await createDoctor(t);
    });

    const upload = (buffer: Buffer, token = doctor.accessToken) =>
      t.http.post(`${API}/doctors/me/image`).set(bearer(token)).attach('image', buffer, 'face.png');

    it('stores an image, then replaces it and deletes the old file', async () => {
      const first = await upload(PNG).expect(200);
      const url1 = dataOf<DoctorProfileDto>(first).imageUrl as string;
      expect(url1).toMatch(IMAGE_URL);
      const file1 = join(t.uploadDir, 'doctors', url1.split('/').pop() as string);
      expect(existsSync(file1)).toBe(true);
      await t.http.get(new URL(url1).pathname).expect(200);

      const second = await upload(PNG).expect(200);
      expect(dataOf<DoctorProfileDto>(second).imageUrl).not.toBe(url1);
      expect(existsSync(file1)).toBe(false);
      const pub = await t.http.get(`${API}/doctors/${doctor.id}`).expect(200);
      expect(dataOf<PublicDoctorDto>(pub).imageUrl).toBe(dataOf<DoctorProfileDto>(second).imageUrl);
      expect(JSON.stringify(pub.body)).not.toContain('"key"');
    });

    it('400 for a non-image and for a missing file; 401 and 403 for others', async () => {
      const bad = await upload(Buffer.from('GIF89a not supported')).expect(400);
      expect(errorOf(bad).code).toBe('UNSUPPORTED_IMAGE_TYPE');
      const none = await t.http
        .post(`${API}/doctors/me/image`)
        .set(bearer(doctor.accessToken))
        .field('x', 'y')
        .expect(400);
      expect(errorOf(none).success).toBe(false);
      await t.http.post(`${API}/doctors/me/image`).attach('image', PNG, 'a.png').expect(401);
      await upload(PNG, patient.accessToken).expect(403);
    });
  });

  describe('PATCH /admin/doctors/:id', () => {
    let doctor: TestDoctor;

    beforeAll(async () => {
      doctor = await createDoctor(t, { name: 'Dr. Admin Edited' });
    });

    const patch = (id: string, body: object, token = admin.accessToken) =>
      t.http.patch(`${API}/admin/doctors/${id}`).set(bearer(token)).send(body);

    it('edits credentials, visibility and booking flags', async () => {
      const res = await patch(doctor.id, {
        speciality: 'dermatologist',
        degree: 'MBBS, MD (Dermatology)',
        visible: false,
        acceptingAppointments: false,
        fee: 0,
      }).expect(200);
      expect(dataOf<AdminDoctorDto>(res)).toMatchObject({
        speciality: 'dermatologist',
        specialityName: 'Dermatologist',
        degree: 'MBBS, MD (Dermatology)',
        visible: false,
        acceptingAppointments: false,
        listed: false,
        fee: { amount: 0, currency: 'INR' },
        email: doctor.email,
      });
      await t.http.get(`${API}/doctors/${doctor.id}`).expect(404);
      const me = await t.http.get(`${API}/doctors/me`).set(bearer(doctor.accessToken)).expect(200);
      expect(dataOf<DoctorProfileDto>(me)).toMatchObject({ visible: false, listed: false });
    });

    it('replaces a doctor image as admin', async () => {
      const res = await t.http
        .post(`${API}/admin/doctors/${doctor.id}/image`)
        .set(bearer(admin.accessToken))
        .attach('image', PNG, 'a.png')
        .expect(200);
      expect(dataOf<AdminDoctorDto>(res).imageUrl).toMatch(IMAGE_URL);
    });

    it('404 unknown doctor, 400 bad id, 400 unknown speciality or field, 403 non-admin', async () => {
      const missing = await patch('0123456789abcdef01234567', { visible: true }).expect(404);
      expect(errorOf(missing).code).toBe('DOCTOR_NOT_FOUND');
      await patch('xyz', { visible: true }).expect(400);
      const spec = await patch(doctor.id, { speciality: 'wizard' }).expect(400);
      expect(errorOf(spec).code).toBe('UNKNOWN_SPECIALITY');
      await patch(doctor.id, { followersCount: 5 }).expect(400);
      await patch(doctor.id, { ratingAverage: 5 }).expect(400);
      await patch(doctor.id, { email: 'a@b.co' }).expect(400);
      await patch(doctor.id, { approvalStatus: 'pending' }).expect(400);
      await patch(doctor.id, { visible: true }, patient.accessToken).expect(403);
      await patch(doctor.id, { visible: true }, doctor.accessToken).expect(403);
      await t.http.patch(`${API}/admin/doctors/${doctor.id}`).send({ visible: true }).expect(401);
    });

    it('GET /admin/doctors: 403 for patients, 400 for bad filters', async () => {
      await t.http.get(`${API}/admin/doctors`).set(bearer(patient.accessToken)).expect(403);
      await t.http.get(`${API}/admin/doctors`).expect(401);
      for (const query of [
        { accountStatus: 'zombie' },
        { visible: 'maybe' },
        { limit: 101 },
        { sort: 'random' },
      ]) {
        await t.http
          .get(`${API}/admin/doctors`)
          .query(query)
          .set(bearer(admin.accessToken))
          .expect(400);
      }
      const newest = await t.http
        .get(`${API}/admin/doctors`)
        .query({ sort: 'newest', limit: 1 })
        .set(bearer(admin.accessToken))
        .expect(200);
      expect(pageOf<AdminDoctorDto>(newest).items[0].id).toBe(doctor.id);
      await t.http.get(`${API}/admin/doctors/zzz`).set(bearer(admin.accessToken)).expect(400);
      await t.http
        .get(`${API}/admin/doctors/0123456789abcdef01234567`)
        .set(bearer(admin.accessToken))
        .expect(404);
    });
  });

  it('follows the account name: a renamed doctor is shown and found under the new name', async () => {
    const renamed = await createDoctor(t);
    await t.http
      .patch(`${API}/users/me`)
      .set(bearer(renamed.accessToken))
      .send({ name: 'Zebulon Quartermaine' })
      .expect(200);
    await drainOutbox(t);
    const profile = await t.http.get(`${API}/doctors/${renamed.id}`).expect(200);
    expect(dataOf<PublicDoctorDto>(profile).name).toBe('Zebulon Quartermaine');
    const found = await t.http.get(`${API}/doctors`).query({ search: 'quarterm' }).expect(200);
    expect(pageOf<PublicDoctorDto>(found).items.map((d: { id: string }) => d.id)).toEqual([
      renamed.id,
    ]);
  });
});
