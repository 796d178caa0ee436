import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, SchemaTypes, Types } from 'mongoose';
import { Role } from '../../../common/auth/role.enum';

/** A user's private calendar feed. The token itself is never stored, only its SHA-256. */
@Schema({ collection: 'calendar_feeds', timestamps: true })
export class CalendarFeed {
  _id!: Types.ObjectId;

  @Prop({ type: SchemaTypes.ObjectId, required: true }) userId!: Types.ObjectId;
  /** Whose view the feed shows (patient: their visits, doctor: their schedule), set at creation. */
  @Prop({ type: String, enum: [Role.Patient, Role.Doctor], required: true }) role!:
    Role.Patient | Role.Doctor;
  @Prop({ type: String, required: true }) tokenHash!: string;

  createdAt!: Date;
  updatedAt!: Date;
}

export type CalendarFeedDocument = HydratedDocument<CalendarFeed>;
export const CalendarFeedSchema = SchemaFactory.createForClass(CalendarFeed);

// One feed per user: regenerating replaces the hash in place (an upsert on this key).
CalendarFeedSchema.index({ userId: 1 }, { unique: true, name: 'user_unique' });
// The public .ics route looks the feed up by the hash of the presented token.
CalendarFeedSchema.index({ tokenHash: 1 }, { unique: true, name: 'token_hash_unique' });
