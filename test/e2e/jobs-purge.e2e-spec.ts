import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Types } from 'mongoose';
import { OutboxService } from '../../src/modules/outbox/outbox.service';
import { AccountPurgeJob } from '../../src/modules/jobs/account-purge.job';
import { UserEvents } from '../../src/modules/users/users.events';
import { AccountPurgeService } from '../../src/modules/users/account-purge.service';
import { UsersService } from '../../src/modules/users/users.service';
import { bearer, registerPatient, type TestUser } from '../factories/users.factory';
import { drainOutbox } from '../utils/outbox';
import { createTestApp, uniqueDatabaseUri, type TestApp } from '../utils/test-app';
import { API } from '../utils/http';
import { dataOf, errorOf } from '../utils/responses';
import type { UserResponseDto } from '../../src/modules/users/dto/user-response.dto';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const DAY = 24 * 60 * 60 * 1000;

interface UserDoc {
  _id: Types.ObjectId;
  email: string;
  name: string;
  status: string;
  phone: string | null;
  gender: string | null;
  dateOfBirth: Date | null;
  address: { line1: string; line2: string };
  avatar: { url: string; key: string } | null;
  passwordHash: string;
  deletionReason: string | null;
  purgeAfter: Date | null;
  purgedAt: Date | null;
}

async function deleteAccount(t: TestApp, u: TestUser): Promise<void> {
  await t.http
    .delete(`${API}/users/me`)
    .set(bearer(u.accessToken))
    .send({ password: u.password, reason: 'private reason' })
    .expect(200);
}

/** Purged events as a handler gets them (once drained); one handler name on every instance. */
function recordPurges(t: TestApp): string[] {
  const ids: string[] = [];
  t.get(OutboxService).subscribe(UserEvents.Purged, 'test.record-purged', async (e) => {
    ids.push(e.userId);
  });
  return ids;
}

describe('jobs: account purge (e2e)', () => {
  let t: TestApp;
  let purgedIds: string[];
  const users = () => t.connection.collection<UserDoc>('users');
  const doc = (id: string) => users().findOne({ _id: new Types.ObjectId(id) });

  beforeAll(async () => {
    t = await createTestApp();
    purgedIds = recordPurges(t);
  });
  afterAll(() => t.close());

  describe('one account past its window, one inside it', () => {
    let expired: TestUser;
    let recent: TestUser;
    let active: TestUser;
    let avatarFile: string;
    let runAt: Date;

    beforeAll(async () => {
      expired = await registerPatient(t, { name: 'Expired Person' });
      recent = await registerPatient(t, { name: 'Recent Person' });
      active = await registerPatient(t, { name: 'Active Person' });
      await t.http
        .patch(`${API}/users/me`)
        .set(bearer(expired.accessToken))
        .send({
          phone: '+919876543210',
          gender: 'male',
          dateOfBirth: '1980-05-05',
          address: { line1: '1 Secret Lane', line2: 'Hidden City' },
        })
        .expect(200);
      const up = await t.http
        .post(`${API}/users/me/avatar`)
        .set(bearer(expired.accessToken))
        .attach('image', PNG, 'me.png')
        .expect(200);
      avatarFile = join(
        t.uploadDir,
        new URL(dataOf<UserResponseDto>(up).avatarUrl!).pathname.slice('/uploads/'.length),
      );
      expect(existsSync(avatarFile)).toBe(true);
      await deleteAccount(t, expired);
      await deleteAccount(t, recent);
      // `recent` was deleted ten days after `expired`.
      await users().updateOne(
        { _id: new Types.ObjectId(recent.id) },
        { $set: { purgeAfter: new Date(Date.now() + 40 * DAY) } },
      );
      runAt = new Date(Date.now() + 31 * DAY);
    });

    it('does nothing on schedule while JOBS_ENABLED is false', async () => {
      expect(t.config.JOBS_ENABLED).toBe(false);
      await t.get(AccountPurgeJob).onSchedule();
      expect((await doc(expired.id))?.purgedAt).toBeNull();
    });

    it('purges only the account whose recovery window has ended', async () => {
      const result = await t.get(AccountPurgeJob).run(runAt);
      await drainOutbox(t);
      expect(result).toEqual({ ran: true, purged: 1 });
      expect(purgedIds).toEqual([expired.id]);
    });

    it('erases the personal data and keeps the record', async () => {
      const d = await doc(expired.id);
      expect(d).toMatchObject({
        email: `purged+${expired.id}@deleted.invalid`,
        name: 'Deleted user',
        status: 'deleted',
        phone: null,
        gender: null,
        dateOfBirth: null,
        address: { line1: '', line2: '' },
        avatar: null,
        deletionReason: null,
        purgeAfter: null,
      });
      expect(d?.purgedAt?.getTime()).toBe(runAt.getTime());
      expect(d?.passwordHash).not.toMatch(/^\$2[aby]\$/);
      expect(JSON.stringify(d)).not.toMatch(/Expired Person|Secret Lane|Hidden City|9876543210/);
    });

    it('deletes the avatar file from storage', async () => {
      expect(existsSync(avatarFile)).toBe(false);
    });

    it('the purged account can neither sign in nor be recovered', async () => {
      await t.http
        .post(`${API}/auth/login`)
        .send({ email: expired.email, password: expired.password })
        .expect(401);
      const recover = await t.http
        .post(`${API}/auth/recover`)
        .send({ email: expired.email, password: expired.password })
        .expect(401);
      expect(errorOf(recover).code).toBe('INVALID_CREDENTIALS');
      await expect(
        t
          .get(UsersService)
          .recoverDeleted(`purged+${expired.id}@deleted.invalid`, expired.password),
      ).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    });

    it('frees the e-mail address for a new registration', async () => {
      const again = await registerPatient(t, { email: expired.email, name: 'New Owner' });
      expect(again.id).not.toBe(expired.id);
      const me = await t.http.get(`${API}/users/me`).set(bearer(again.accessToken)).expect(200);
      expect(dataOf<UserResponseDto>(me)).toMatchObject({
        email: expired.email,
        name: 'New Owner',
        avatarUrl: null,
      });
    });

    it('leaves the account inside its window and active accounts untouched', async () => {
      expect(await doc(recent.id)).toMatchObject({
        email: recent.email,
        name: 'Recent Person',
        status: 'deleted',
        purgedAt: null,
        deletionReason: 'private reason',
      });
      expect(await doc(active.id)).toMatchObject({ status: 'active', name: 'Active Person' });
      await t.http
        .post(`${API}/auth/recover`)
        .send({ email: recent.email, password: recent.password })
        .expect(200);
    });

    it('running again is a no-op', async () => {
      const before = await doc(expired.id);
      const result = await t.get(AccountPurgeJob).run(new Date(runAt.getTime() + DAY));
      await drainOutbox(t);
      expect(result).toEqual({ ran: true, purged: 0 });
      expect(purgedIds).toEqual([expired.id]);
      expect(await doc(expired.id)).toEqual(before);
    });
  });

  it('purges every due account in one run', async () => {
    const many: TestUser[] = [];
    for (let i = 0; i < 5; i += 1) {
      many.push(await registerPatient(t));
    }
    for (const u of many) {
      await deleteAccount(t, u);
    }
    purgedIds.length = 0;
    const result = await t.get(AccountPurgeJob).run(new Date(Date.now() + 31 * DAY));
    await drainOutbox(t);
    expect(result.purged).toBe(5);
    expect(purgedIds.sort()).toEqual(many.map((u) => u.id).sort());
  });
});

describe('jobs: account purge on two instances at once (e2e)', () => {
  let a: TestApp;
  let b: TestApp;
  let purgedA: string[];
  let purgedB: string[];

  beforeAll(async () => {
    const uri = uniqueDatabaseUri();
    a = await createTestApp({ mongodbUri: uri });
    b = await createTestApp({ mongodbUri: uri });
    purgedA = recordPurges(a);
    purgedB = recordPurges(b);
  });
  afterAll(async () => {
    await b?.close({ dropDatabase: false });
    await a?.close();
  });

  const deleteMany = async (n: number): Promise<TestUser[]> => {
    const list: TestUser[] = [];
    for (let i = 0; i < n; i += 1) {
      const u = await registerPatient(a);
      await deleteAccount(a, u);
      list.push(u);
    }
    return list;
  };

  it('through the job: each account is purged exactly once', async () => {
    const victims = await deleteMany(6);
    const future = new Date(Date.now() + 31 * DAY);
    const [ra, rb] = await Promise.all([
      a.get(AccountPurgeJob).run(future),
      b.get(AccountPurgeJob).run(future),
    ]);
    await Promise.all([drainOutbox(a), drainOutbox(b)]);
    expect(ra.purged + rb.purged).toBe(6);
    const all = [...purgedA, ...purgedB].sort();
    expect(all).toEqual(victims.map((u) => u.id).sort());
  });

  it('even without the lease, the conditional write purges each account once', async () => {
    purgedA.length = 0;
    purgedB.length = 0;
    const victims = await deleteMany(8);
    const future = new Date(Date.now() + 31 * DAY);
    const counts = await Promise.all([
      a.get(AccountPurgeService).purgeExpiredAccounts(future),
      b.get(AccountPurgeService).purgeExpiredAccounts(future),
      a.get(AccountPurgeService).purgeExpiredAccounts(future),
    ]);
    await Promise.all([drainOutbox(a), drainOutbox(b)]);
    expect(counts.reduce((x, y) => x + y, 0)).toBe(8);
    const all = [...purgedA, ...purgedB].sort();
    expect(all).toEqual(victims.map((u) => u.id).sort());
    expect(new Set(all).size).toBe(8);
  });
});
