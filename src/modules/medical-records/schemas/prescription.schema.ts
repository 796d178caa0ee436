import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, SchemaTypes, Types } from 'mongoose';
import { PRESCRIPTION_STATUSES, type PrescriptionStatus } from '../domain/prescription-status';

@Schema({ _id: false, versionKey: false })
export class PrescriptionStatusChange {
  @Prop({ type: String, enum: PRESCRIPTION_STATUSES, required: true }) status!: PrescriptionStatus;
  @Prop({ type: Date, required: true }) at!: Date;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) by!: Types.ObjectId;
  /** Sealed reason, or null (AAD: prescription id, `statusHistory.<n>.reason`). */
  @Prop({ type: String, default: null }) reason!: string | null;
}
export const PrescriptionStatusChangeSchema =
  SchemaFactory.createForClass(PrescriptionStatusChange);

/**
 * A medication prescribed during an encounter (FHIR MedicationRequest). The medication and its
 * dosage are one sealed value; status and dates are in clear. Never deleted: a mistake is
 * marked entered-in-error.
 */
@Schema({ collection: 'prescriptions', timestamps: true })
export class Prescription {
  _id!: Types.ObjectId;

  @Prop({ type: SchemaTypes.ObjectId, required: true }) encounterId!: Types.ObjectId;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) patientId!: Types.ObjectId;
  /** The prescriber (the encounter's author). */
  @Prop({ type: SchemaTypes.ObjectId, required: true }) doctorId!: Types.ObjectId;

  @Prop({ type: String, enum: PRESCRIPTION_STATUSES, required: true }) status!: PrescriptionStatus;
  /** Sealed JSON {medication, dose, route, frequency, duration, quantity, instructions}. */
  @Prop({ type: String, required: true }) content!: string;
  @Prop({ type: [PrescriptionStatusChangeSchema], default: [] })
  statusHistory!: PrescriptionStatusChange[];

  @Prop({ type: Date, default: null }) deidentifiedAt!: Date | null;
  @Prop({ type: Date, default: null }) retainUntil!: Date | null;

  createdAt!: Date;
  updatedAt!: Date;
}

export type PrescriptionDocument = HydratedDocument<Prescription>;
export const PrescriptionSchema = SchemaFactory.createForClass(Prescription);

// An encounter's prescriptions in the order written.
PrescriptionSchema.index({ encounterId: 1, createdAt: 1, _id: 1 }, { name: 'encounter_created' });
// The purge's de-identification by patient.
PrescriptionSchema.index({ patientId: 1, createdAt: -1 }, { name: 'patient_created' });
