import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, SchemaTypes, Types } from 'mongoose';

export const ENCOUNTER_STATUSES = ['finished', 'entered-in-error'] as const;
export type EncounterStatus = (typeof ENCOUNTER_STATUSES)[number];

/** An amendment after the fact: its own author and time; the text is sealed. */
@Schema({ versionKey: false })
export class Addendum {
  _id!: Types.ObjectId;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) authorId!: Types.ObjectId;
  @Prop({ type: Date, required: true }) createdAt!: Date;
  /** Sealed text (AAD: encounter id, `addenda.<id>.text`). */
  @Prop({ type: String, required: true }) text!: string;
}
export const AddendumSchema = SchemaFactory.createForClass(Addendum);

/** A version of the notes replaced by an edit inside the 24 h window (kept, never shown). */
@Schema({ versionKey: false })
export class EncounterRevision {
  _id!: Types.ObjectId;
  @Prop({ type: Date, required: true }) replacedAt!: Date;
  /** Sealed JSON of the replaced note and vitals (AAD: encounter id, `revisions.<id>`). */
  @Prop({ type: String, required: true }) content!: string;
}
export const EncounterRevisionSchema = SchemaFactory.createForClass(EncounterRevision);

@Schema({ _id: false, versionKey: false })
export class EnteredInError {
  @Prop({ type: Date, required: true }) at!: Date;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) by!: Types.ObjectId;
  /** Sealed reason (AAD: encounter id, `enteredInError.reason`). */
  @Prop({ type: String, required: true }) reason!: string;
}
export const EnteredInErrorSchema = SchemaFactory.createForClass(EnteredInError);

/**
 * One visit's clinical record (FHIR Encounter), one per appointment. Only ids, dates, status and
 * counters are in clear; the notes and vitals are sealed values (AES-256-GCM, record id and
 * field as AAD, see RecordSealer). Nothing here is ever deleted.
 */
@Schema({ collection: 'encounters', timestamps: true })
export class Encounter {
  _id!: Types.ObjectId;

  @Prop({ type: SchemaTypes.ObjectId, required: true }) appointmentId!: Types.ObjectId;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) patientId!: Types.ObjectId;
  /** The author: the appointment's doctor. */
  @Prop({ type: SchemaTypes.ObjectId, required: true }) doctorId!: Types.ObjectId;

  @Prop({ type: String, enum: ENCOUNTER_STATUSES, required: true }) status!: EncounterStatus;
  /** The visit's time (the appointment's start and end). */
  @Prop({ type: Date, required: true }) periodStart!: Date;
  @Prop({ type: Date, required: true }) periodEnd!: Date;

  /** Sealed JSON {chiefComplaint, findings, diagnosis, plan} (AAD: id, `note`). */
  @Prop({ type: String, required: true }) note!: string;
  /** Sealed JSON of the vitals (AAD: id, `vitals`). */
  @Prop({ type: String, required: true }) vitals!: string;

  /** Bumped by every change of the notes: the conditional write of an edit. */
  @Prop({ type: Number, default: 0 }) revision!: number;
  @Prop({ type: [EncounterRevisionSchema], default: [] }) revisions!: EncounterRevision[];
  @Prop({ type: [AddendumSchema], default: [] }) addenda!: Addendum[];
  @Prop({ type: EnteredInErrorSchema, default: null }) enteredInError!: EnteredInError | null;

  /** Set when the patient's account was purged: kept de-identified until `retainUntil`. */
  @Prop({ type: Date, default: null }) deidentifiedAt!: Date | null;
  @Prop({ type: Date, default: null }) retainUntil!: Date | null;

  createdAt!: Date;
  updatedAt!: Date;
}

export type EncounterDocument = HydratedDocument<Encounter>;
export const EncounterSchema = SchemaFactory.createForClass(Encounter);

// One encounter per appointment: the database refuses a second one (409 ENCOUNTER_EXISTS).
EncounterSchema.index({ appointmentId: 1 }, { unique: true, name: 'appointment_unique' });
// A patient's history, newest visit first (and the purge's de-identification by patient).
EncounterSchema.index({ patientId: 1, periodStart: -1, _id: -1 }, { name: 'patient_period' });
