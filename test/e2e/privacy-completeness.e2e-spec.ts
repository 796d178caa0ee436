import { Schema, type SchemaType } from 'mongoose';
import { PersonalDataExportService } from '../../src/modules/privacy/personal-data-export.service';
import { createTestApp, type TestApp } from '../utils/test-app';

/**
 * The export completeness check (GDPR Art. 15): every collection of the app that is keyed by a
 * user is part of the export, unless it is listed below with the reason it is not. A new schema
 * with a `patientId`, `userId`, `doctorId`, `actorId`, `reporterId`, `...By`, `...UserId` (or a
 * `ref: 'User'`) path fails this test until its module's PersonalDataSection declares it.
 */

/** Collections keyed by (or holding) a user id that the export leaves out on purpose. */
const USER_KEYED_NOT_EXPORTED: Record<string, string> = {
  booking_locks:
    'a write counter per patient (`_id` = patient id, one number) that serialises their bookings',
  idempotency_keys:
    '24-hour replays of booking answers (`_id` = user id + key); those answers are the appointments, exported',
  login_failures:
    'failed sign-ins keyed by e-mail and IP, kept only for the lockout window (security counters)',
  notification_counters: 'the inbox sequence number of a user (`_id` = user id, one number)',
  outbox_events:
    'event delivery records; their payloads copy facts that the owning modules export themselves',
};

/** Collections that hold nothing about a user. */
const NO_PERSONAL_DATA: Record<string, string> = {
  specialities: 'the medical specialities catalogue',
  job_leases: 'which app instance runs a scheduled job',
  throttler_counters: 'rate-limit windows keyed by a hash of route and client',
  invoice_counters: 'the last invoice number of each series',
  payment_provider_events: 'webhook event ids and outcomes (no payload, no user id)',
  outbox_deliveries: 'per-handler delivery state of an outbox event (ids, attempts, errors)',
  clinical_audit_chain: 'the head (last sequence number and hash) of the clinical audit chain',
};

/** Path names that hold a user's id, whatever the module calls them. */
const USER_REF_NAME =
  /^(userId|patientId|doctorId|actorId|reporterId|followerId|ownerId|authorId|adminId|recipientId|by|[a-z]+By|[a-z]+UserId)$/;

/** The paths of a schema (nested subdocuments and arrays of them too) that reference a user. */
function userRefPaths(schema: Schema, prefix = ''): string[] {
  const found: string[] = [];
  schema.eachPath((path: string, type: SchemaType) => {
    const full = `${prefix}${path}`;
    const sub = (type as SchemaType & { schema?: Schema }).schema;
    if (sub) {
      found.push(...userRefPaths(sub, `${full}.`));
      return;
    }
    const last = path.split('.').pop() ?? path;
    const ref = (type.options as { ref?: unknown }).ref;
    const idLike = ['ObjectId', 'String', 'Array'].includes(type.instance);
    if (path !== '_id' && ((idLike && USER_REF_NAME.test(last)) || ref === 'User')) {
      found.push(full);
    }
  });
  return found;
}

describe('privacy: every collection keyed by a user is in the export (schema test)', () => {
  let t: TestApp;
  let models: { model: string; collection: string; userPaths: string[] }[];
  let exported: Map<string, string[]>;

  beforeAll(async () => {
    t = await createTestApp();
    models = Object.values(t.connection.models).map((m) => ({
      model: m.modelName,
      collection: m.collection.collectionName,
      userPaths: userRefPaths(m.schema),
    }));
    exported = new Map();
    for (const s of t.get(PersonalDataExportService).registered()) {
      for (const c of s.collections) {
        exported.set(c, [...(exported.get(c) ?? []), s.name]);
      }
    }
  });

  afterAll(async () => {
    await t.close();
  });

  it('the detector finds user references in top-level, nested and array paths', () => {
    const nested = new Schema({ by: Schema.Types.ObjectId, at: Date }, { _id: false });
    const probe = new Schema({
      patientId: Schema.Types.ObjectId,
      appointmentId: Schema.Types.ObjectId,
      reviewedBy: Schema.Types.ObjectId,
      history: [nested],
      offer: new Schema({ entryId: Schema.Types.ObjectId, ownerUserId: String }, { _id: false }),
      author: { type: Schema.Types.ObjectId, ref: 'User' },
      name: String,
    });
    expect(userRefPaths(probe).sort()).toEqual(
      ['author', 'history.by', 'offer.ownerUserId', 'patientId', 'reviewedBy'].sort(),
    );
  });

  it('finds the app’s models and their user references', () => {
    expect(models.length).toBeGreaterThan(20);
    const of = (c: string) => models.find((m) => m.collection === c)?.userPaths;
    expect(of('appointments')).toEqual(
      expect.arrayContaining(['doctorId', 'patientId', 'history.by']),
    );
    expect(of('review_reports')).toEqual(['reporterId']);
    expect(of('clinical_audit_log')).toEqual(expect.arrayContaining(['actorId', 'patientId']));
  });

  it('every collection with a user reference is exported by a section or excluded with a reason', () => {
    const missing = models
      .filter((m) => m.userPaths.length > 0)
      .filter((m) => !exported.has(m.collection) && !(m.collection in USER_KEYED_NOT_EXPORTED))
      .map(
        (m) =>
          `Collection "${m.collection}" (model ${m.model}) holds user ids in ` +
          `[${m.userPaths.join(', ')}] but is not in the data export: add "${m.collection}" to ` +
          'the `collections` of its module’s PersonalDataSection ' +
          '(src/modules/<module>/<module>-personal-data.section.ts) and export its documents, ' +
          'or list it in USER_KEYED_NOT_EXPORTED in test/e2e/privacy-completeness.e2e-spec.ts ' +
          'with the reason',
      );
    expect(missing).toEqual([]);
  });

  it('every collection is classified: exported, user-keyed but excluded, or holding no personal data', () => {
    // Catches collections keyed by a user through `_id` (one document per user), which no path
    // name reveals.
    const unclassified = models
      .filter(
        (m) =>
          !exported.has(m.collection) &&
          !(m.collection in USER_KEYED_NOT_EXPORTED) &&
          !(m.collection in NO_PERSONAL_DATA),
      )
      .map(
        (m) =>
          `Collection "${m.collection}" (model ${m.model}) is not classified: if it holds data ` +
          'about a user, add it to its module’s PersonalDataSection; otherwise list it in ' +
          'NO_PERSONAL_DATA (or USER_KEYED_NOT_EXPORTED) in ' +
          'test/e2e/privacy-completeness.e2e-spec.ts with the reason',
      );
    expect(unclassified).toEqual([]);
  });

  it('nothing with a user reference hides among the collections without personal data', () => {
    const hidden = models
      .filter((m) => m.collection in NO_PERSONAL_DATA && m.userPaths.length > 0)
      .map((m) => `${m.collection}: [${m.userPaths.join(', ')}]`);
    expect(hidden).toEqual([]);
  });

  it('the lists name only collections that exist, and never one that is also exported', () => {
    const existing = new Set(models.map((m) => m.collection));
    const named = [
      ...exported.keys(),
      ...Object.keys(USER_KEYED_NOT_EXPORTED),
      ...Object.keys(NO_PERSONAL_DATA),
    ];
    expect(named.filter((c) => !existing.has(c))).toEqual([]);
    const both = [...Object.keys(USER_KEYED_NOT_EXPORTED), ...Object.keys(NO_PERSONAL_DATA)].filter(
      (c) => exported.has(c),
    );
    expect(both).toEqual([]);
    for (const reason of [
      ...Object.values(USER_KEYED_NOT_EXPORTED),
      ...Object.values(NO_PERSONAL_DATA),
    ]) {
      expect(reason.length).toBeGreaterThan(20);
    }
  });
});
