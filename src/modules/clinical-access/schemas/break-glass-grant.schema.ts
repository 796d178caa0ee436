import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { SchemaTypes, Types } from 'mongoose';

/**
 * An admin's time-boxed emergency read access to one patient's record, with the reason given.
 * Kept after it expires, as the evidence behind the audit entries that name it.
 */
@Schema({ collection: 'break_glass_grants', versionKey: false })
export class BreakGlassGrant {
  _id!: Types.ObjectId;

  @Prop({ type: SchemaTypes.ObjectId, required: true }) adminId!: Types.ObjectId;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) patientId!: Types.ObjectId;
  @Prop({ type: String, required: true }) reason!: string;
  @Prop({ type: Date, required: true }) grantedAt!: Date;
  @Prop({ type: Date, required: true }) expiresAt!: Date;
}

export const BreakGlassGrantSchema = SchemaFactory.createForClass(BreakGlassGrant);

// activeGrant(admin, patient): the latest-expiring grant of the pair, if still open.
BreakGlassGrantSchema.index(
  { adminId: 1, patientId: 1, expiresAt: -1 },
  { name: 'admin_patient_expires' },
);
// An admin's open grants, latest-expiring first.
BreakGlassGrantSchema.index({ adminId: 1, expiresAt: -1 }, { name: 'admin_expires' });
// The grants opened on a patient's record, newest first (their data export).
BreakGlassGrantSchema.index({ patientId: 1, grantedAt: -1 }, { name: 'patient_granted' });
