import { Logger } from '@nestjs/common';
import { Types } from 'mongoose';
import { MIGRATIONS } from '../../src/database/migrations';
import { migration as doctorsDerivedFields } from '../../src/database/migrations/0001-doctors-derived-fields';
import { migration as usersSearchKeys } from '../../src/database/migrations/0002-users-search-keys';
import { migration as doctorsRatingAggregate } from '../../src/database/migrations/0003-doctors-rating-aggregate';
import { migration as dropCalendarVersions } from '../../src/database/migrations/0004-drop-calendar-versions';
import type { Migration } from '../../src/database/migrations/migration';
import {
  MIGRATIONS_COLLECTION,
  MigrationRunner,
} from '../../src/database/migrations/migration-runner';
import { createAdmin, createDoctor } from '../factories/doctors.factory';
import { bearer, registerPatient } from '../factories/users.factory';
import { createTestApp, TestApp, uniqueDatabaseUri } from '../utils/test-app';
import { API } from '../utils/http';
import { dataOf, pageOf, type HasBody } from '../utils/responses';
import type { PublicDoctorDto } from '../../src/modules/doctors/dto/doctor-response.dto';
import type { UserResponseDto } from '../../src/modules/users/dto/user-response.dto';

interface LockDoc {
  _id: string;
  owner?: string;
  expiresAt?: Date;
}
// Nest's logger is switched off while the suite's apps run, so this prints nothing.
const silent = new Logger('MigrationsTest');

describe('migrations (e2e)', () => {
  it('lists the migrations in number order with unique ids matching their files', () => {
    const ids = MIGRATIONS.map((m) => m.id);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
    ids.forEach((id, i) => expect(id).toMatch(new RegExp(`^${String(i + 1).padStart(4, '0')}-`)));
  });

  describe('two app instances starting together over one database', () => {
    let a: TestApp;
    let b: TestApp;
    beforeAll(async () => {
      const mongodbUri = uniqueDatabaseUri();
      [a, b] = await Promise.all([createTestApp({ mongodbUri }), createTestApp({ mongodbUri })]);
    });
    afterAll(async () => {
      await b.close({ dropDatabase: false });
      await a.close();
    });

    it('applies every migration once and leaves no lock behind', async () => {
      const docs = await a.connection
        .db!.collection(MIGRATIONS_COLLECTION)
        .find({}, { hint: { _id: 1 } })
        .toArray();
      expect(docs.map((d) => d._id).sort()).toEqual(MIGRATIONS.map((m) => m.id));
      const status = await new MigrationRunner(b.connection, silent).status();
      expect(status.every((s) => s.appliedAt instanceof Date)).toBe(true);
    });
  });

  describe('the runner', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(() => t.close());

    it('runs from one of two concurrent runners while the other waits; a re-run is a no-op', async () => {
      let runs = 0;
      const slow: Migration = {
        id: '9001-slow-test',
        description: 'waits, so the other runner has to',
        async up() {
          runs++;
          await new Promise((resolve) => setTimeout(resolve, 1500));
        },
      };
      const options = { migrations: [slow], pollMs: 50, lockMs: 600 };
      const first = new MigrationRunner(t.connection, silent, options);
      const second = new MigrationRunner(t.connection, silent, options);
      const results = await Promise.all([first.up(), second.up()]);
      expect(runs).toBe(1);
      const ran = results.filter((r) => r.applied.length === 1);
      const waitedOut = results.filter((r) => r.applied.length === 0);
      expect(ran).toHaveLength(1);
      expect(waitedOut).toHaveLength(1);
      // The lock (600 ms) outlived by the 1.5 s migration: renewal kept the other one out.
      expect(waitedOut[0].waited).toBe(true);
      expect(await new MigrationRunner(t.connection, silent, options).up()).toEqual({
        applied: [],
        waited: false,
      });
      expect(runs).toBe(1);
    });

    it('takes over the lock of a crashed holder once it expires', async () => {
      await t.connection
        .db!.collection<LockDoc>(MIGRATIONS_COLLECTION)
        .insertOne({ _id: 'lock', owner: 'crashed', expiresAt: new Date(Date.now() + 300) });
      const m: Migration = { id: '9002-after-crash', description: 'test', up: async () => {} };
      const result = await new MigrationRunner(t.connection, silent, {
        migrations: [m],
        pollMs: 50,
      }).up();
      expect(result).toEqual({ applied: ['9002-after-crash'], waited: true });
    });

    it('stops waiting after waitMs with a clear error', async () => {
      await t.connection
        .db!.collection<LockDoc>(MIGRATIONS_COLLECTION)
        .insertOne({ _id: 'lock', owner: 'other', expiresAt: new Date(Date.now() + 60_000) });
      const runner = new MigrationRunner(t.connection, silent, {
        migrations: [],
        pollMs: 50,
        waitMs: 200,
      });
      await expect(runner.up()).rejects.toThrow(/locked by another instance/);
      await t.connection.db!.collection<LockDoc>(MIGRATIONS_COLLECTION).deleteOne({ _id: 'lock' });
    });

    it('0001 makes a doctor stored without listed/nameLower/nameWords listed and searchable', async () => {
      const doctor = await createDoctor(t, { name: 'Dr. Émile Legacy' });
      const search = () => t.http.get(`${API}/doctors`).query({ search: 'emile' }).expect(200);
      const ids = (res: HasBody) => pageOf<PublicDoctorDto>(res).items.map((d) => d.id);
      expect(ids(await search())).toEqual([doctor.id]);
      // A profile written before these fields existed.
      await t.connection
        .db!.collection('doctors')
        .updateOne(
          { _id: new Types.ObjectId(doctor.id) },
          { $unset: { listed: '', nameLower: '', nameWords: '' } },
        );
      expect(ids(await search())).toEqual([]);
      await doctorsDerivedFields.up(t.connection.db!, silent);
      expect(ids(await search())).toEqual([doctor.id]);
      await t.http.get(`${API}/doctors/${doctor.id}`).expect(200);
      // Idempotent: a second run changes nothing.
      const before = await t.connection
        .db!.collection('doctors')
        .findOne({ _id: new Types.ObjectId(doctor.id) });
      await doctorsDerivedFields.up(t.connection.db!, silent);
      const after = await t.connection
        .db!.collection('doctors')
        .findOne({ _id: new Types.ObjectId(doctor.id) });
      expect(after).toEqual(before);
    });

    it('0002 makes an account stored without searchKeys findable by the admin search', async () => {
      const admin = await createAdmin(t);
      const patient = await registerPatient(t, { name: 'Zanele Oldtimer' });
      const find = async () =>
        pageOf<UserResponseDto>(
          await t.http
            .get(`${API}/admin/users`)
            .query({ search: 'oldtimer' })
            .set(bearer(admin.accessToken))
            .expect(200),
        ).items.map((u: { id: string }) => u.id);
      expect(await find()).toEqual([patient.id]);
      await t.connection
        .db!.collection('users')
        .updateOne({ _id: new Types.ObjectId(patient.id) }, { $unset: { searchKeys: '' } });
      expect(await find()).toEqual([]);
      await usersSearchKeys.up(t.connection.db!, silent);
      expect(await find()).toEqual([patient.id]);
      await usersSearchKeys.up(t.connection.db!, silent);
      expect(await find()).toEqual([patient.id]);
    });

    it('0003 gives a doctor stored with ratingAverage/ratingCount an empty rating aggregate', async () => {
      const doctor = await createDoctor(t, { name: 'Dr. Rated Before Reviews' });
      const doctors = t.connection.db!.collection('doctors');
      const _id = new Types.ObjectId(doctor.id);
      // A profile written before the aggregate existed.
      await doctors.updateOne(
        { _id },
        { $unset: { rating: '' }, $set: { ratingAverage: 4.2, ratingCount: 3 } },
      );
      // The old rating sort's index, as older databases have it.
      await doctors.createIndex(
        { listed: 1, ratingAverage: -1, _id: 1 },
        { name: 'listed_rating' },
      );
      await doctorsRatingAggregate.up(t.connection.db!, silent);
      const indexes = (await doctors.indexes()).map((i) => i.name);
      expect(indexes).not.toContain('listed_rating');
      expect(indexes).toContain('listed_rating_score');
      const migrated = await doctors.findOne({ _id });
      expect(migrated).toMatchObject({
        rating: { count: 0, sum: 0, star1: 0, star5: 0, average: 0, score: 0 },
      });
      expect(migrated).not.toHaveProperty('ratingAverage');
      expect(migrated).not.toHaveProperty('ratingCount');
      const res = await t.http.get(`${API}/doctors/${doctor.id}`).expect(200);
      expect(dataOf<PublicDoctorDto>(res).rating).toMatchObject({ average: 0, count: 0 });
      // Idempotent, and it leaves an existing aggregate alone.
      await doctors.updateOne({ _id }, { $set: { 'rating.count': 1, 'rating.sum': 5 } });
      await doctorsRatingAggregate.up(t.connection.db!, silent);
      expect((await doctors.findOne({ _id }))?.rating).toMatchObject({ count: 1, sum: 5 });
    });

    it('0004 drops the calendar_versions counters, and a re-run (nothing there) is a no-op', async () => {
      const db = t.connection.db!;
      await db.collection('calendar_versions').insertOne({ _id: new Types.ObjectId(), v: 7 });
      await dropCalendarVersions.up(db, silent);
      const left = await db.listCollections({ name: 'calendar_versions' }).toArray();
      expect(left).toEqual([]);
      await expect(dropCalendarVersions.up(db, silent)).resolves.toBeUndefined();
    });
  });
});
