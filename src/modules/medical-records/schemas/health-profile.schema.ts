import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Types } from 'mongoose';

/**
 * The patient's own health history: allergies, chronic conditions, current medications. One
 * per patient, keyed by the patient's id (`_id` is the patient id, so a first PUT is a plain
 * upsert). The content is one sealed value.
 */
@Schema({ collection: 'health_profiles', timestamps: true })
export class HealthProfile {
  /** The patient's user id. */
  _id!: Types.ObjectId;

  /** Sealed JSON {allergies, chronicConditions, currentMedications} (AAD: id, `content`). */
  @Prop({ type: String, required: true }) content!: string;

  @Prop({ type: Date, default: null }) deidentifiedAt!: Date | null;
  @Prop({ type: Date, default: null }) retainUntil!: Date | null;

  createdAt!: Date;
  updatedAt!: Date;
}

export type HealthProfileDocument = HydratedDocument<HealthProfile>;
export const HealthProfileSchema = SchemaFactory.createForClass(HealthProfile);
