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
 * or deletes these documents. (STUB shape: the hash chain fields are added by the audit work.)
 */
@Schema({ collection: 'clinical_audit_log', timestamps: { createdAt: 'at', updatedAt: false } })
export class ClinicalAuditEntry {
  _id!: Types.ObjectId;

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
  @Prop({ type: String, default: null }) requestId!: string | null;
  @Prop({ type: String, default: null }) ip!: string | null;
  @Prop({ type: SchemaTypes.ObjectId, default: null }) breakGlassGrantId!: Types.ObjectId | null;

  at!: Date;
}

export type ClinicalAuditEntryDocument = HydratedDocument<ClinicalAuditEntry>;
export const ClinicalAuditEntrySchema = SchemaFactory.createForClass(ClinicalAuditEntry);

// A patient's "who accessed my record", newest first.
ClinicalAuditEntrySchema.index({ patientId: 1, at: -1 }, { name: 'patient_at' });
