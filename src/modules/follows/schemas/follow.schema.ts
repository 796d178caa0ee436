import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Schema as MongooseSchema, Types } from 'mongoose';

/** A patient following a doctor (doctorId is the doctor's user id). */
@Schema({ collection: 'follows', timestamps: { createdAt: true, updatedAt: false } })
export class Follow {
  _id!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  patientId!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  doctorId!: Types.ObjectId;

  createdAt!: Date;
}

export type FollowDocument = HydratedDocument<Follow>;
export const FollowSchema = SchemaFactory.createForClass(Follow);

// At most one follow per pair: the database, not a read-then-write, makes a follow idempotent.
// It also answers "does this patient follow this doctor?".
FollowSchema.index({ patientId: 1, doctorId: 1 }, { unique: true, name: 'patient_doctor_unique' });
// "Doctors I follow", newest first.
FollowSchema.index({ patientId: 1, createdAt: -1, _id: -1 }, { name: 'patient_created' });
// A doctor's followers (counting and recounting followersCount).
FollowSchema.index({ doctorId: 1, createdAt: -1 }, { name: 'doctor_created' });
