import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, trusted, Types, type ClientSession, type QueryWithHelpers } from 'mongoose';
import type { PrescriptionStatus } from './domain/prescription-status';
import {
  Encounter,
  type Addendum,
  type EncounterRevision,
  type EnteredInError,
} from './schemas/encounter.schema';
import { HealthProfile } from './schemas/health-profile.schema';
import { MedicalDocument } from './schemas/medical-document.schema';
import { Prescription, type PrescriptionStatusChange } from './schemas/prescription.schema';

export type EncounterRecord = Encounter;
export type PrescriptionRecord = Prescription;
export type HealthProfileRecord = HealthProfile;
export type DocumentRecord = Omit<MedicalDocument, 'content'>;
export type ExplainResult = Record<string, unknown>;

export type NewEncounter = Pick<
  Encounter,
  | '_id'
  | 'appointmentId'
  | 'patientId'
  | 'doctorId'
  | 'status'
  | 'periodStart'
  | 'periodEnd'
  | 'note'
  | 'vitals'
>;
export type NewPrescription = Pick<
  Prescription,
  '_id' | 'encounterId' | 'patientId' | 'doctorId' | 'status' | 'content' | 'statusHistory'
>;
export type NewDocument = Pick<MedicalDocument, '_id' | 'patientId' | 'size' | 'meta' | 'content'>;

const oid = (id: string | Types.ObjectId) => (typeof id === 'string' ? new Types.ObjectId(id) : id);

async function explain<R, D>(query: QueryWithHelpers<R, D>): Promise<ExplainResult> {
  const out: unknown = await query.explain('queryPlanner').exec();
  return (Array.isArray(out) ? out[0] : out) as ExplainResult;
}

/** Listing projection of documents: everything but the (large) sealed bytes. */
const DOCUMENT_LIST_FIELDS = { content: 0 } as const;

/**
 * The only code that touches the encounters, prescriptions, health_profiles and
 * medical_documents collections. Every change of a clinical record is a conditional write on
 * the state the rule depends on (author, status, revision, the 24 h window), never a
 * read-then-write.
 */
@Injectable()
export class MedicalRecordsRepository {
  constructor(
    @InjectModel(Encounter.name) private readonly encounters: Model<Encounter>,
    @InjectModel(Prescription.name) private readonly prescriptions: Model<Prescription>,
    @InjectModel(HealthProfile.name) private readonly profiles: Model<HealthProfile>,
    @InjectModel(MedicalDocument.name) private readonly documents: Model<MedicalDocument>,
  ) {}

  // ---- Encounters ----

  /** Fails with a duplicate key (appointment_unique) when the visit has an encounter already. */
  async insertEncounter(input: NewEncounter, session: ClientSession): Promise<EncounterRecord> {
    const [doc] = await this.encounters.create([input], { session });
    return doc.toObject();
  }

  findEncounter(id: string, session?: ClientSession): Promise<EncounterRecord | null> {
    return this.encounters.findById(oid(id), null, { session }).lean<EncounterRecord>().exec();
  }

  findEncounterOfAppointment(appointmentId: string): Promise<EncounterRecord | null> {
    return this.encounters
      .findOne({ appointmentId: oid(appointmentId) })
      .lean<EncounterRecord>()
      .exec();
  }

  /**
   * Replaces the notes of the author's own, current encounter written after `windowStart`, at
   * the revision the caller read, keeping the replaced version. Null when any of that failed.
   */
  editEncounterIf(
    current: Pick<EncounterRecord, '_id' | 'doctorId' | 'revision'>,
    windowStart: Date,
    change: Pick<Encounter, 'note' | 'vitals'>,
    replaced: EncounterRevision,
    session: ClientSession,
  ): Promise<EncounterRecord | null> {
    return this.encounters
      .findOneAndUpdate(
        {
          _id: current._id,
          doctorId: current.doctorId,
          status: 'finished',
          revision: current.revision,
          createdAt: trusted({ $gt: windowStart }),
        },
        {
          $set: { note: change.note, vitals: change.vitals },
          $inc: { revision: 1 },
          $push: { revisions: replaced },
        },
        { returnDocument: 'after', session },
      )
      .lean<EncounterRecord>()
      .exec();
  }

  pushAddendumIf(
    id: Types.ObjectId,
    doctorId: Types.ObjectId,
    addendum: Addendum,
    session: ClientSession,
  ): Promise<EncounterRecord | null> {
    return this.encounters
      .findOneAndUpdate(
        { _id: id, doctorId, status: 'finished' },
        { $push: { addenda: addendum } },
        { returnDocument: 'after', session },
      )
      .lean<EncounterRecord>()
      .exec();
  }

  markEncounterEnteredInErrorIf(
    id: Types.ObjectId,
    doctorId: Types.ObjectId,
    entry: EnteredInError,
    session: ClientSession,
  ): Promise<EncounterRecord | null> {
    return this.encounters
      .findOneAndUpdate(
        { _id: id, doctorId, status: 'finished' },
        { $set: { status: 'entered-in-error', enteredInError: entry } },
        { returnDocument: 'after', session },
      )
      .lean<EncounterRecord>()
      .exec();
  }

  /** A patient's encounters, newest visit first: one range scan of `patient_period`. */
  listEncountersOfPatient(patientId: string, skip: number, limit: number) {
    return this.historyQuery(patientId, skip, limit).lean<EncounterRecord[]>().exec();
  }

  countEncountersOfPatient(patientId: string): Promise<number> {
    return this.encounters.countDocuments({ patientId: oid(patientId) }).exec();
  }

  explainEncountersOfPatient(patientId: string, skip: number, limit: number) {
    return explain(this.historyQuery(patientId, skip, limit));
  }

  private historyQuery(patientId: string, skip: number, limit: number) {
    return this.encounters
      .find({ patientId: oid(patientId) })
      .sort({ periodStart: -1, _id: -1 })
      .skip(skip)
      .limit(limit);
  }

  // ---- Prescriptions ----

  async insertPrescription(
    input: NewPrescription,
    session: ClientSession,
  ): Promise<PrescriptionRecord> {
    const [doc] = await this.prescriptions.create([input], { session });
    return doc.toObject();
  }

  findPrescription(id: string, session?: ClientSession): Promise<PrescriptionRecord | null> {
    return this.prescriptions
      .findById(oid(id), null, { session })
      .lean<PrescriptionRecord>()
      .exec();
  }

  /** The prescriptions of these encounters in the order written (the `encounter_created` index). */
  prescriptionsOf(encounterIds: Types.ObjectId[]): Promise<PrescriptionRecord[]> {
    if (encounterIds.length === 0) {
      return Promise.resolve([]);
    }
    return this.prescriptionsQuery(encounterIds).lean<PrescriptionRecord[]>().exec();
  }

  explainPrescriptionsOf(encounterIds: Types.ObjectId[]) {
    return explain(this.prescriptionsQuery(encounterIds));
  }

  private prescriptionsQuery(encounterIds: Types.ObjectId[]) {
    return this.prescriptions
      .find({ encounterId: trusted({ $in: encounterIds }) })
      .sort({ encounterId: 1, createdAt: 1, _id: 1 });
  }

  /** Moves the prescriber's own prescription from one of `from` to `change.status`; null if not. */
  transitionPrescriptionIf(
    id: Types.ObjectId,
    doctorId: Types.ObjectId,
    from: PrescriptionStatus[],
    change: PrescriptionStatusChange,
    session: ClientSession,
  ): Promise<PrescriptionRecord | null> {
    return this.prescriptions
      .findOneAndUpdate(
        { _id: id, doctorId, status: trusted({ $in: from }) },
        { $set: { status: change.status }, $push: { statusHistory: change } },
        { returnDocument: 'after', session },
      )
      .lean<PrescriptionRecord>()
      .exec();
  }

  // ---- Health profile ----

  findHealthProfile(patientId: string): Promise<HealthProfileRecord | null> {
    return this.profiles.findById(oid(patientId)).lean<HealthProfileRecord>().exec();
  }

  /** The profile's `_id` is the patient's id, so concurrent first saves meet on one document. */
  putHealthProfile(
    patientId: string,
    content: string,
    session: ClientSession,
  ): Promise<HealthProfileRecord> {
    return this.profiles
      .findOneAndUpdate(
        { _id: oid(patientId) },
        { $set: { content } },
        { upsert: true, returnDocument: 'after', session },
      )
      .lean<HealthProfileRecord>()
      .orFail()
      .exec();
  }

  // ---- Documents ----

  async insertDocument(input: NewDocument, session: ClientSession): Promise<DocumentRecord> {
    const [doc] = await this.documents.create([input], { session });
    const { content: _bytes, ...rest } = doc.toObject();
    return rest;
  }

  listDocuments(patientId: string, skip: number, limit: number): Promise<DocumentRecord[]> {
    return this.documentsQuery(patientId, skip, limit).lean<DocumentRecord[]>().exec();
  }

  countDocuments(patientId: string): Promise<number> {
    return this.documents.countDocuments({ patientId: oid(patientId) }).exec();
  }

  explainDocuments(patientId: string, skip: number, limit: number) {
    return explain(this.documentsQuery(patientId, skip, limit));
  }

  private documentsQuery(patientId: string, skip: number, limit: number) {
    return this.documents
      .find({ patientId: oid(patientId) }, DOCUMENT_LIST_FIELDS)
      .sort({ createdAt: -1, _id: -1 })
      .skip(skip)
      .limit(limit);
  }

  findDocumentMeta(id: string): Promise<DocumentRecord | null> {
    return this.documents.findById(oid(id), DOCUMENT_LIST_FIELDS).lean<DocumentRecord>().exec();
  }

  /** The sealed bytes (a lean read gives the driver's Binary; this is always a Buffer). */
  async findDocumentContent(id: string): Promise<Buffer | null> {
    const found = await this.documents
      .findById(oid(id), { content: 1 })
      .lean<{ content: Buffer | { buffer: Uint8Array } }>()
      .exec();
    if (!found) {
      return null;
    }
    const stored = found.content;
    return Buffer.isBuffer(stored) ? stored : Buffer.from(stored.buffer);
  }

  // ---- Account purge ----

  /**
   * Marks every record of the patient de-identified and kept until `retainUntil` (records that
   * are marked already keep their dates). Returns how many records were marked.
   */
  async markDeidentified(patientId: string, now: Date, retainUntil: Date): Promise<number> {
    const patient = oid(patientId);
    const set = { $set: { deidentifiedAt: now, retainUntil } };
    const results = await Promise.all([
      this.encounters.updateMany({ patientId: patient, deidentifiedAt: null }, set).exec(),
      this.prescriptions.updateMany({ patientId: patient, deidentifiedAt: null }, set).exec(),
      this.profiles.updateMany({ _id: patient, deidentifiedAt: null }, set).exec(),
      this.documents.updateMany({ patientId: patient, deidentifiedAt: null }, set).exec(),
    ]);
    return results.reduce((n, r) => n + r.modifiedCount, 0);
  }

  documentsOf(patientId: string): Promise<DocumentRecord[]> {
    return this.documents
      .find({ patientId: oid(patientId) }, DOCUMENT_LIST_FIELDS)
      .sort({ createdAt: -1, _id: -1 })
      .lean<DocumentRecord[]>()
      .exec();
  }

  async setDocumentMeta(id: Types.ObjectId, meta: string): Promise<void> {
    await this.documents.updateOne({ _id: id }, { $set: { meta } }).exec();
  }
}
