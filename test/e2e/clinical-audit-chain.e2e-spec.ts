import { Types } from 'mongoose';
import { TransactionRunner } from '../../src/database/transaction-runner';
import { ClinicalAuditService } from '../../src/modules/clinical-access/clinical-audit.service';
import type { ClinicalAccessEntry } from '../../src/modules/clinical-access/clinical-access.types';
import {
  adminEnv,
  API,
  bearer,
  login,
  registerPatient,
  tally,
  type Account,
} from '../utils/api-journeys';
import { createTestApp, type TestApp } from '../utils/test-app';
import { dataOf } from '../utils/responses';
import type { ChainReportDto } from '../../src/modules/clinical-access/dto/audit.dto';
import type { ClinicalAuditEntry } from '../../src/modules/clinical-access/schemas/clinical-audit-entry.schema';

const entryFor = (patientId: string, i: number): ClinicalAccessEntry => ({
  actor: { userId: new Types.ObjectId().toHexString(), role: 'doctor' },
  patientId,
  resource: { type: 'encounter', id: new Types.ObjectId().toHexString() },
  action: 'read',
  purpose: 'treatment',
  outcome: 'allowed',
  request: { requestId: `race-${i}`, ip: '10.0.0.1' },
});

/** The audit log's hash chain under concurrent appends from two instances, and its tamper check. */
describe('clinical audit chain (e2e)', () => {
  let t: TestApp;
  let second: TestApp;
  let admin: Account;

  const verify = async () =>
    dataOf<ChainReportDto>(
      await t.http.get(`${API}/admin/audit/verify`).set(bearer(admin.accessToken)).expect(200),
    );
  const log = () => t.connection.collection<ClinicalAuditEntry>('clinical_audit_log');

  beforeAll(async () => {
    const { email, env } = adminEnv();
    t = await createTestApp({ env });
    second = await createTestApp({ env, mongodbUri: t.config.MONGODB_URI });
    admin = await login(t, email);
  }, 60_000);

  afterAll(async () => {
    await second.close({ dropDatabase: false });
    await t.close();
  });

  it('stays one line under concurrent appends over two instances (HTTP, service and callers’ transactions)', async () => {
    const patients = await Promise.all(Array.from({ length: 6 }, () => registerPatient(t)));
    const before = (await verify()).head.seq;
    const apps = [t, second];
    const http = Array.from({ length: 40 }, (_, i) => {
      const app = apps[i % 2];
      const who = patients[i % patients.length];
      // Allowed reads and refused (anonymous) attempts, both appended.
      return i % 4 === 3
        ? app.http.get(`${API}/me/record-access`)
        : app.http.get(`${API}/me/record-access`).set(bearer(who.accessToken));
    });
    const direct = Array.from({ length: 20 }, (_, i) => {
      const app = apps[i % 2];
      const entry = entryFor(patients[0].id, i);
      return i % 2 === 0
        ? app.get(ClinicalAuditService).record(entry)
        : // A caller's transaction that records shares the chain's head: run it contended.
          app
            .get(TransactionRunner)
            .run((session) => app.get(ClinicalAuditService).record(entry, session), {
              contended: true,
            });
    });
    const [responses] = await Promise.all([Promise.all(http), Promise.all(direct)]);
    expect(tally(responses)).toEqual({ '200': 30, '401 UNAUTHORIZED': 10 });

    const report = await verify();
    expect(report).toMatchObject({ intact: true, firstBreak: null });
    // 60 appends (the checks themselves are not recorded).
    expect(report.head.seq).toBe(before + 60);
    expect(report.checked).toBe(report.head.seq);
    const seqs = (
      await log()
        .find({}, { projection: { seq: 1 } })
        .toArray()
    )
      .map((d) => d.seq)
      .sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: report.head.seq }, (_, i) => i + 1));
  }, 60_000);

  it('an append inside a transaction that aborts leaves no entry and no gap', async () => {
    const { head } = await verify();
    await expect(
      t.get(TransactionRunner).run(async (session) => {
        await t
          .get(ClinicalAuditService)
          .record(entryFor(new Types.ObjectId().toHexString(), 0), session);
        throw new Error('the caller’s write failed');
      }),
    ).rejects.toThrow('the caller’s write failed');
    await t.get(ClinicalAuditService).record(entryFor(new Types.ObjectId().toHexString(), 1));
    const after = await verify();
    expect(after).toMatchObject({ intact: true });
    expect(after.head.seq).toBe(head.seq + 1);
  });

  it('refuses a session that is not in a transaction', async () => {
    const session = await t.connection.startSession();
    try {
      await expect(
        t
          .get(ClinicalAuditService)
          .record(entryFor(new Types.ObjectId().toHexString(), 0), session),
      ).rejects.toThrow('not in a transaction');
    } finally {
      await session.endSession();
    }
  });

  describe('tamper detection', () => {
    // Each case changes the raw collection, checks the report, and puts it back.
    const at = async (seq: number) => {
      const doc = await log().findOne({ seq });
      if (!doc) {
        throw new Error(`no entry ${seq}`);
      }
      return doc;
    };

    it('an edited entry breaks at its own number', async () => {
      const doc = await at(5);
      const flipped = doc.outcome === 'denied' ? 'allowed' : 'denied';
      await log().updateOne({ _id: doc._id }, { $set: { outcome: flipped } });
      expect(await verify()).toMatchObject({
        intact: false,
        checked: 4,
        firstBreak: { seq: 5, reason: 'hash_mismatch' },
      });
      await log().updateOne({ _id: doc._id }, { $set: { outcome: doc.outcome } });
      expect((await verify()).intact).toBe(true);
    });

    it('an edited patient id or time breaks it too', async () => {
      const doc = await at(7);
      await log().updateOne({ _id: doc._id }, { $set: { patientId: new Types.ObjectId() } });
      expect((await verify()).firstBreak).toEqual({ seq: 7, reason: 'hash_mismatch' });
      await log().updateOne(
        { _id: doc._id },
        { $set: { patientId: doc.patientId, at: new Date(doc.at.getTime() + 1) } },
      );
      expect((await verify()).firstBreak).toEqual({ seq: 7, reason: 'hash_mismatch' });
      await log().updateOne({ _id: doc._id }, { $set: { at: doc.at } });
      expect((await verify()).intact).toBe(true);
    });

    it('an edit with a recomputed hash is caught by the next link', async () => {
      const doc = await at(8);
      await log().updateOne({ _id: doc._id }, { $set: { hash: 'f'.repeat(64) } });
      // Its own hash no longer matches its content...
      expect((await verify()).firstBreak).toEqual({ seq: 8, reason: 'hash_mismatch' });
      await log().updateOne({ _id: doc._id }, { $set: { hash: doc.hash } });
    });

    it('a deleted entry is missing, in the middle and at the end', async () => {
      const doc = await at(10);
      await log().deleteOne({ _id: doc._id });
      expect(await verify()).toMatchObject({
        intact: false,
        checked: 9,
        firstBreak: { seq: 10, reason: 'missing_entry' },
      });
      await log().insertOne(doc);
      const { head } = await verify();
      const last = await at(head.seq);
      await log().deleteOne({ _id: last._id });
      expect((await verify()).firstBreak).toEqual({ seq: head.seq, reason: 'missing_entry' });
      await log().insertOne(last);
      expect((await verify()).intact).toBe(true);
    });

    it('two entries swapped in order break the chain', async () => {
      const a = await at(12);
      const b = await at(13);
      await log().updateOne({ _id: a._id }, { $set: { seq: -13 } });
      await log().updateOne({ _id: b._id }, { $set: { seq: 12 } });
      await log().updateOne({ _id: a._id }, { $set: { seq: 13 } });
      expect(await verify()).toMatchObject({
        intact: false,
        checked: 11,
        firstBreak: { seq: 12, reason: 'hash_mismatch' },
      });
      await log().updateOne({ _id: b._id }, { $set: { seq: -12 } });
      await log().updateOne({ _id: a._id }, { $set: { seq: 12 } });
      await log().updateOne({ _id: b._id }, { $set: { seq: 13 } });
      expect((await verify()).intact).toBe(true);
    });

    it('a replaced entry (new content, new hash, same number) breaks at the next link', async () => {
      const doc = await at(15);
      const next = await at(16);
      // A forger who recomputes entry 15's hash correctly still cannot fix 16's prevHash.
      const { hashEntry } = await import('../../src/modules/clinical-access/domain/audit-chain');
      const forged = {
        seq: 15,
        id: doc._id.toHexString(),
        at: doc.at,
        actorId: doc.actorId ? doc.actorId.toHexString() : null,
        actorRole: doc.actorRole,
        patientId: doc.patientId ? doc.patientId.toHexString() : null,
        resourceType: doc.resourceType,
        resourceId: doc.resourceId,
        action: doc.action,
        purpose: doc.purpose,
        outcome: doc.outcome,
        reason: doc.reason,
        requestId: 'forged-request',
        ip: doc.ip,
        breakGlassGrantId: null,
      };
      await log().updateOne(
        { _id: doc._id },
        { $set: { requestId: 'forged-request', hash: hashEntry(forged, doc.prevHash) } },
      );
      expect((await verify()).firstBreak).toEqual({ seq: next.seq, reason: 'prev_hash_mismatch' });
      await log().replaceOne({ _id: doc._id }, doc);
      expect((await verify()).intact).toBe(true);
    });
  });
});
