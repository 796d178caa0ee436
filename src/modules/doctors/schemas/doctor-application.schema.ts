import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Schema as MongooseSchema, Types } from 'mongoose';
import { DoctorProfileFields } from './doctor-profile-fields.schema';

export enum ApplicationStatus {
  Pending = 'pending',
  Approved = 'approved',
  Rejected = 'rejected',
}

/** A patient's request to become a doctor, decided by an admin. */
@Schema({ collection: 'doctor_applications', timestamps: true })
export class DoctorApplication extends DoctorProfileFields {
  _id!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  userId!: Types.ObjectId;

  @Prop({
    type: String,
    enum: Object.values(ApplicationStatus),
    required: true,
    default: ApplicationStatus.Pending,
  })
  status!: ApplicationStatus;

  @Prop({ type: String, default: null })
  rejectionReason!: string | null;

  @Prop({ type: MongooseSchema.Types.ObjectId, default: null })
  decidedBy!: Types.ObjectId | null;

  @Prop({ type: Date, default: null })
  decidedAt!: Date | null;

  createdAt!: Date;
  updatedAt!: Date;
}

export type DoctorApplicationDocument = HydratedDocument<DoctorApplication>;
export const DoctorApplicationSchema = SchemaFactory.createForClass(DoctorApplication);

// One pending application per user, enforced by the database (two racing submissions: one 409).
DoctorApplicationSchema.index(
  { userId: 1 },
  {
    unique: true,
    name: 'one_pending_per_user',
    partialFilterExpression: { status: ApplicationStatus.Pending },
  },
);
// The applicant's own history, newest first.
DoctorApplicationSchema.index({ userId: 1, createdAt: -1, _id: -1 }, { name: 'user_created' });
// The admin queue: by status, oldest or newest first.
DoctorApplicationSchema.index({ status: 1, createdAt: -1, _id: -1 }, { name: 'status_created' });
DoctorApplicationSchema.index({ createdAt: -1, _id: -1 }, { name: 'created' });
