import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, SchemaTypes, Types } from 'mongoose';
import { AppointmentStatus } from '../domain/appointment-status';

@Schema({ _id: false, versionKey: false })
export class PatientSnapshot {
  @Prop({ type: String, required: true }) name!: string;
  /** null once the patient's account was purged (the record is kept, de-identified). */
  @Prop({ type: String, default: null }) email!: string | null;
  @Prop({ type: String, default: null }) phone!: string | null;
  @Prop({ type: String, default: null }) imageUrl!: string | null;
  @Prop({ type: Date, default: null }) dateOfBirth!: Date | null;
}
export const PatientSnapshotSchema = SchemaFactory.createForClass(PatientSnapshot);

@Schema({ _id: false, versionKey: false })
export class DoctorSnapshot {
  @Prop({ type: String, required: true }) name!: string;
  /** Speciality slug, and its display name at booking time. */
  @Prop({ type: String, required: true }) speciality!: string;
  @Prop({ type: String, default: '' }) specialityName!: string;
  @Prop({ type: String, default: '' }) degree!: string;
  @Prop({ type: String, default: null }) imageUrl!: string | null;
  @Prop({ type: { line1: String, line2: String }, default: () => ({ line1: '', line2: '' }) })
  address!: { line1: string; line2: string };
  @Prop({ type: String, required: true }) timezone!: string;
}
export const DoctorSnapshotSchema = SchemaFactory.createForClass(DoctorSnapshot);

@Schema({ _id: false, versionKey: false })
export class StatusChange {
  @Prop({ type: String, enum: Object.values(AppointmentStatus), required: true })
  status!: AppointmentStatus;
  @Prop({ type: Date, required: true }) at!: Date;
  /** User id of the actor, or null for the system (jobs). */
  @Prop({ type: SchemaTypes.ObjectId, default: null }) by!: Types.ObjectId | null;
  @Prop({ type: String, enum: ['patient', 'doctor', 'admin', 'system'], required: true })
  byRole!: 'patient' | 'doctor' | 'admin' | 'system';
  @Prop({ type: String, default: null }) reason!: string | null;
}
export const StatusChangeSchema = SchemaFactory.createForClass(StatusChange);

@Schema({ _id: false, versionKey: false })
export class Cancellation {
  @Prop({ type: String, enum: ['patient', 'doctor', 'admin', 'system'], required: true })
  by!: 'patient' | 'doctor' | 'admin' | 'system';
  @Prop({ type: String, default: null }) reason!: string | null;
  @Prop({ type: Date, required: true }) at!: Date;
  /** The refund policy rule applied and the refund due (minor units), executed by payments. */
  @Prop({ type: String, required: true }) refundRule!: string;
  @Prop({ type: Number, required: true }) refundPercent!: number;
  @Prop({ type: Number, required: true }) refundDue!: number;
}
export const CancellationSchema = SchemaFactory.createForClass(Cancellation);

export type PaymentState = 'unpaid' | 'paid' | 'pay_at_clinic' | 'refunded' | 'partially_refunded';

@Schema({ collection: 'appointments', timestamps: true })
export class Appointment {
  _id!: Types.ObjectId;

  @Prop({ type: SchemaTypes.ObjectId, required: true }) doctorId!: Types.ObjectId;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) patientId!: Types.ObjectId;
  @Prop({ type: Date, required: true }) startsAt!: Date;
  @Prop({ type: Date, required: true }) endsAt!: Date;

  @Prop({ type: String, enum: Object.values(AppointmentStatus), required: true })
  status!: AppointmentStatus;

  /**
   * true while pending or confirmed, absent otherwise. The partial unique index below covers only
   * documents with `active: true`, so MongoDB itself refuses a second active appointment for the
   * same doctor and start instant, whatever the number of app instances.
   */
  @Prop({ type: Boolean, default: undefined }) active?: true;

  /** When an unpaid pending booking stops holding its slot. */
  @Prop({ type: Date, default: null }) holdExpiresAt!: Date | null;

  @Prop({ type: Number, required: true }) feeAmount!: number;
  @Prop({ type: String, required: true }) currency!: string;
  @Prop({
    type: String,
    enum: ['unpaid', 'paid', 'pay_at_clinic', 'refunded', 'partially_refunded'],
    required: true,
  })
  paymentState!: PaymentState;
  /** Amount actually received (minor units), online or recorded at the clinic; refunds are computed from it. */
  @Prop({ type: Number, default: 0 }) paidAmount!: number;
  /** Of `paidAmount`, how much the provider has refunded (minor units). */
  @Prop({ type: Number, default: 0 }) refundedAmount!: number;

  @Prop({ type: PatientSnapshotSchema, required: true }) patient!: PatientSnapshot;
  @Prop({ type: DoctorSnapshotSchema, required: true }) doctor!: DoctorSnapshot;
  @Prop({ type: [StatusChangeSchema], default: [] }) history!: StatusChange[];
  @Prop({ type: CancellationSchema, default: null }) cancellation!: Cancellation | null;

  /** Set once the reminder event was emitted, so the reminder job is idempotent. */
  @Prop({ type: Date, default: null }) reminderSentAt!: Date | null;
  /** Previous start instants when rescheduled. */
  @Prop({ type: [Date], default: [] }) rescheduledFrom!: Date[];

  createdAt!: Date;
  updatedAt!: Date;
}

export type AppointmentDocument = HydratedDocument<Appointment>;
export const AppointmentSchema = SchemaFactory.createForClass(Appointment);

// The no-double-booking invariant. Equality on a boolean is a partialFilterExpression every
// MongoDB version supports (unlike $in/$ne on status).
AppointmentSchema.index(
  { doctorId: 1, startsAt: 1 },
  { name: 'one_active_per_doctor_slot', unique: true, partialFilterExpression: { active: true } },
);
// Taken intervals for the slots endpoint, and the doctor's lists and dashboards.
AppointmentSchema.index({ doctorId: 1, startsAt: -1 }, { name: 'doctor_starts' });
// The patient's lists and the overlap check for a patient's other active bookings.
AppointmentSchema.index({ patientId: 1, startsAt: -1 }, { name: 'patient_starts' });
// The medical records' care relationship: has this doctor seen (or been booked by) this patient.
AppointmentSchema.index(
  { doctorId: 1, patientId: 1, status: 1 },
  { name: 'doctor_patient_status' },
);
// Hold-release job: pending holds ordered by expiry.
AppointmentSchema.index(
  { holdExpiresAt: 1 },
  { name: 'pending_hold_expiry', partialFilterExpression: { status: AppointmentStatus.Pending } },
);
// Close-out and reminder jobs, admin lists and platform dashboards by status and time.
AppointmentSchema.index({ status: 1, startsAt: 1 }, { name: 'status_starts' });
AppointmentSchema.index({ startsAt: -1 }, { name: 'starts' });
