import { Types } from 'mongoose';
import { BreakGlassRepository } from '../../src/modules/clinical-access/break-glass.repository';
import {
  ClinicalAuditRepository,
  type AuditCriteria,
} from '../../src/modules/clinical-access/clinical-audit.repository';
import { winningPlanStages } from '../utils/explain';
import { createTestApp, type TestApp } from '../utils/test-app';

/** The audit and break-glass queries are index scans returning pages in index order (no SORT). */
describe('clinical access indexes (e2e)', () => {
  let t: TestApp;
  let audit: ClinicalAuditRepository;
  let grants: BreakGlassRepository;
  const patientId = new Types.ObjectId().toHexString();
  const actorId = new Types.ObjectId().toHexString();
  const adminId = new Types.ObjectId().toHexString();

  beforeAll(async () => {
    t = await createTestApp();
    audit = t.get(ClinicalAuditRepository);
    grants = t.get(BreakGlassRepository);
    // Enough documents for the planner to choose between the indexes.
    const now = Date.now();
    await t.connection.collection('clinical_audit_log').insertMany(
      Array.from({ length: 60 }, (_, i) => ({
        seq: i + 1,
        at: new Date(now - (60 - i) * 60_000),
        actorId: i % 5 === 0 ? new Types.ObjectId(actorId) : new Types.ObjectId(),
        actorRole: 'doctor',
        patientId: i % 3 === 0 ? new Types.ObjectId(patientId) : new Types.ObjectId(),
        resourceType: ['encounter', 'prescription', 'patient'][i % 3],
        resourceId: null,
        action: ['read', 'list', 'create', 'update'][i % 4],
        purpose: 'treatment',
        outcome: i % 7 === 0 ? 'denied' : 'allowed',
        reason: null,
        requestId: null,
        ip: null,
        breakGlassGrantId: null,
        prevHash: '0'.repeat(64),
        hash: '0'.repeat(64),
      })),
    );
    await t.connection.collection('break_glass_grants').insertMany(
      Array.from({ length: 20 }, (_, i) => ({
        adminId: i % 2 === 0 ? new Types.ObjectId(adminId) : new Types.ObjectId(),
        patientId: i % 4 === 0 ? new Types.ObjectId(patientId) : new Types.ObjectId(),
        reason: 'An emergency, for the index test',
        grantedAt: new Date(now - i * 60_000),
        expiresAt: new Date(now + (i - 10) * 60_000),
      })),
    );
  });
  afterAll(() => t.close());

  const stagesOf = async (q: { explain(v: 'executionStats'): Promise<unknown> }) =>
    winningPlanStages(await q.explain('executionStats'));
  const expectIndexedInOrder = (
    stages: { stage?: string; indexName?: string }[],
    index: string,
  ) => {
    const names = stages.map((s) => s.stage);
    expect(names).not.toContain('COLLSCAN');
    expect(names).not.toContain('SORT');
    expect(stages.some((s) => s.stage === 'IXSCAN' && s.indexName === index)).toBe(true);
  };
  const from = new Date(Date.now() - 30 * 60_000);
  const to = new Date();

  it.each<[string, string, AuditCriteria]>([
    ['no filter', 'at_seq', {}],
    ['dates only', 'at_seq', { from, to }],
    ['patient', 'patient_at_seq', { patientId }],
    ['patient and dates', 'patient_at_seq', { patientId, from, to }],
    ['actor', 'actor_at_seq', { actorId }],
    ['actor and dates', 'actor_at_seq', { actorId, from }],
    ['resource type', 'resource_type_at_seq', { resourceType: 'encounter' }],
    ['action', 'action_at_seq', { action: 'read' }],
    ['outcome', 'outcome_at_seq', { outcome: 'denied' }],
    ['outcome and dates', 'outcome_at_seq', { outcome: 'denied', to }],
  ])('the admin list by %s reads %s in order', async (_label, index, criteria) => {
    expectIndexedInOrder(await stagesOf(audit.listQuery(criteria, 0, 20)), index);
  });

  it('every combination of filters is an index scan without an in-memory sort', async () => {
    const all: AuditCriteria = {
      patientId,
      actorId,
      resourceType: 'encounter',
      action: 'read',
      outcome: 'allowed',
      from,
      to,
    };
    const keys = Object.keys(all) as (keyof AuditCriteria)[];
    for (let mask = 1; mask < 1 << keys.length; mask++) {
      const criteria: AuditCriteria = {};
      keys.forEach((k, i) => {
        if (mask & (1 << i)) {
          Object.assign(criteria, { [k]: all[k] });
        }
      });
      const stages = await stagesOf(audit.listQuery(criteria, 0, 20));
      const names = stages.map((s) => s.stage);
      expect(names).not.toContain('COLLSCAN');
      expect(names).not.toContain('SORT');
      expect(names).toContain('IXSCAN');
    }
  });

  it("a patient's record access reads patient_at_seq in order", async () => {
    expectIndexedInOrder(await stagesOf(audit.patientQuery(patientId, 0, 20)), 'patient_at_seq');
  });

  it('the count of a filtered list is an index scan too', async () => {
    // countDocuments is an aggregate with a leading $match: explain that pipeline.
    for (const [criteria, index] of [
      [{ patientId }, 'patient_at_seq'],
      [{ outcome: 'denied', from }, 'outcome_at_seq'],
    ] as const) {
      const match: Record<string, unknown> = {};
      if ('patientId' in criteria) {
        match.patientId = new Types.ObjectId(criteria.patientId);
      }
      if ('outcome' in criteria) {
        match.outcome = criteria.outcome;
        match.at = { $gte: criteria.from };
      }
      const explain = await t.connection
        .collection('clinical_audit_log')
        .aggregate([{ $match: match }, { $count: 'n' }])
        .explain('queryPlanner');
      const stages = winningPlanStages(explain);
      expect(stages.map((s) => s.stage)).not.toContain('COLLSCAN');
      expect(stages.some((s) => s.stage === 'IXSCAN' && s.indexName === index)).toBe(true);
    }
  });

  it('the chain walk reads seq_unique in order', async () => {
    const explain = await t.connection
      .collection('clinical_audit_log')
      .find({ seq: { $gte: 1, $lte: 60 } })
      .sort({ seq: 1 })
      .explain('queryPlanner');
    expectIndexedInOrder(winningPlanStages(explain), 'seq_unique');
  });

  it("activeGrant reads admin_patient_expires, an admin's grants admin_expires", async () => {
    expectIndexedInOrder(
      await stagesOf(grants.activeQuery(adminId, patientId, new Date())),
      'admin_patient_expires',
    );
    expectIndexedInOrder(
      await stagesOf(grants.activeOfAdminQuery(adminId, new Date(), 100)),
      'admin_expires',
    );
  });
});
