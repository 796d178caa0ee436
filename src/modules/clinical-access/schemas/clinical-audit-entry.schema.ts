import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, SchemaTypes, Types } from 'mongoose';
import {
  ACCESS_OUTCOMES,
  ACCESS_PURPOSES,
  CLINICAL_ACTIONS,
  CLINICAL_RESOURCE_TYPES,
  type AccessOutcome,
  type AccessPurpose,
  type ClinicalAction,
  type ClinicalResourceType,
} from '../clinical-access.types';

/**
 * One access to clinical data, allowed or denied. Append-only: nothing in the application updates
 * or deletes these documents. Each holds its place in the chain (`seq`, gap-free from 1), the hash
 * of the entry before it and its own hash over all of its fields (domain/audit-chain.ts).
 */
@Schema({ collection: 'clinical_audit_log', versionKey: false })
export class ClinicalAuditEntry {
  _id!: Types.ObjectId;

  @Prop({ type: Number, required: true }) seq!: number;
  @Prop({ type: Date, required: true }) at!: Date;
  @Prop({ type: SchemaTypes.ObjectId, default: null }) actorId!: Types.ObjectId | null;
  @Prop({ type: String, required: true }) actorRole!: string;
  @Prop({ type: SchemaTypes.ObjectId, default: null }) patientId!: Types.ObjectId | null;
  @Prop({ type: String, enum: CLINICAL_RESOURCE_TYPES, required: true })
  resourceType!: ClinicalResourceType;
  @Prop({ type: String, default: null }) resourceId!: string | null;
  @Prop({ type: String, enum: CLINICAL_ACTIONS, required: true }) action!: ClinicalAction;
  @Prop({ type: String, enum: [...ACCESS_PURPOSES, null], default: null })
  purpose!: AccessPurpose | null;
  @Prop({ type: String, enum: ACCESS_OUTCOMES, required: true }) outcome!: AccessOutcome;
  @Prop({ type: String, default: null }) reason!: string | null;
  @Prop({ type: String, default: null }) requestId!: string | null;
  @Prop({ type: String, default: null }) ip!: string | null;
  @Prop({ type: SchemaTypes.ObjectId, default: null }) breakGlassGrantId!: Types.ObjectId | null;
  @Prop({ type: String, required: true }) prevHash!: string;
  @Prop({ type: String, required: true }) hash!: string;
}

export type ClinicalAuditEntryDocument = HydratedDocument<ClinicalAuditEntry>;
export const ClinicalAuditEntrySchema = SchemaFactory.createForClass(ClinicalAuditEntry);

// The chain's order: one entry per number, walked by the tamper check.
ClinicalAuditEntrySchema.index({ seq: 1 }, { name: 'seq_unique', unique: true });
// Lists are newest first (`at`, then `seq` between entries of one millisecond). A patient's "who
// accessed my record" and each admin filter lead with their field, so every filter the admin
// list accepts scans one of these in order; other filters given with it are checked on the keys'
// documents. No filter (or only dates) reads at_seq.
ClinicalAuditEntrySchema.index({ at: -1, seq: -1 }, { name: 'at_seq' });
ClinicalAuditEntrySchema.index({ patientId: 1, at: -1, seq: -1 }, { name: 'patient_at_seq' });
ClinicalAuditEntrySchema.index({ actorId: 1, at: -1, seq: -1 }, { name: 'actor_at_seq' });
ClinicalAuditEntrySchema.index(
  { resourceType: 1, at: -1, seq: -1 },
  { name: 'resource_type_at_seq' },
);
ClinicalAuditEntrySchema.index({ action: 1, at: -1, seq: -1 }, { name: 'action_at_seq' });
ClinicalAuditEntrySchema.index({ outcome: 1, at: -1, seq: -1 }, { name: 'outcome_at_seq' });
