import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, SchemaTypes, Types } from 'mongoose';
import { REVIEW_STATUSES, type ReviewStatus } from '../domain/review-rules';

/** A previous version of the review, kept on every edit. */
@Schema({ _id: false, versionKey: false })
export class ReviewEdit {
  @Prop({ type: Number, required: true }) rating!: number;
  @Prop({ type: String, default: null }) text!: string | null;
  /** When this version was replaced. */
  @Prop({ type: Date, required: true }) replacedAt!: Date;
}
export const ReviewEditSchema = SchemaFactory.createForClass(ReviewEdit);

/** The doctor's public reply (one per review, editable). */
@Schema({ _id: false, versionKey: false })
export class ReviewReply {
  @Prop({ type: String, required: true }) text!: string;
  @Prop({ type: Date, required: true }) createdAt!: Date;
  @Prop({ type: Date, required: true }) updatedAt!: Date;
}
export const ReviewReplySchema = SchemaFactory.createForClass(ReviewReply);

export type ModerationAction = 'hidden' | 'restored' | 'auto_hidden';

/** One moderation decision: who (null for the report threshold), when and why. */
@Schema({ _id: false, versionKey: false })
export class ModerationEntry {
  @Prop({ type: String, enum: ['hidden', 'restored', 'auto_hidden'], required: true })
  action!: ModerationAction;
  @Prop({ type: SchemaTypes.ObjectId, default: null }) by!: Types.ObjectId | null;
  @Prop({ type: Date, required: true }) at!: Date;
  @Prop({ type: String, required: true }) reason!: string;
}
export const ModerationEntrySchema = SchemaFactory.createForClass(ModerationEntry);

/**
 * A patient's review of one completed appointment. Its rating is in the doctor's aggregate
 * exactly while `status` is `published`: every status or rating change is a conditional write
 * in a transaction that applies the matching delta to the aggregate.
 */
@Schema({ collection: 'reviews', timestamps: true })
export class Review {
  _id!: Types.ObjectId;

  @Prop({ type: SchemaTypes.ObjectId, required: true }) appointmentId!: Types.ObjectId;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) doctorId!: Types.ObjectId;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) patientId!: Types.ObjectId;
  /** "Ravi K.": first name and last initial, computed when the review was written. */
  @Prop({ type: String, required: true }) patientName!: string;

  @Prop({ type: Number, required: true, min: 1, max: 5 }) rating!: number;
  @Prop({ type: String, default: null }) text!: string | null;

  @Prop({ type: String, enum: REVIEW_STATUSES, required: true }) status!: ReviewStatus;

  /** When the appointment was completed (the 30-day review window started). */
  @Prop({ type: Date, required: true }) completedAt!: Date;

  @Prop({ type: [ReviewEditSchema], default: [] }) edits!: ReviewEdit[];
  @Prop({ type: Date, default: null }) editedAt!: Date | null;
  @Prop({ type: ReviewReplySchema, default: null }) reply!: ReviewReply | null;

  /** Every report ever; `openReports` since the last moderation decision. */
  @Prop({ type: Number, default: 0 }) reportsCount!: number;
  @Prop({ type: Number, default: 0 }) openReports!: number;
  /** true while reports wait for a moderation decision: the admin queue's key. */
  @Prop({ type: Boolean, default: undefined }) reported?: true;
  @Prop({ type: Date, default: null }) lastReportedAt!: Date | null;

  @Prop({ type: [ModerationEntrySchema], default: [] }) moderation!: ModerationEntry[];

  createdAt!: Date;
  updatedAt!: Date;
}

export type ReviewDocument = HydratedDocument<Review>;
export const ReviewSchema = SchemaFactory.createForClass(Review);

// One review per appointment, ever (a deleted review keeps its document): the database, not a
// read-then-write, refuses a second one.
ReviewSchema.index({ appointmentId: 1 }, { unique: true, name: 'appointment_unique' });
// Public list of a doctor's published reviews: newest first, or by rating (both directions).
ReviewSchema.index(
  { doctorId: 1, status: 1, createdAt: -1, _id: -1 },
  { name: 'doctor_status_created' },
);
ReviewSchema.index(
  { doctorId: 1, status: 1, rating: -1, createdAt: -1, _id: -1 },
  { name: 'doctor_status_rating' },
);
// The patient's own reviews, newest first.
ReviewSchema.index({ patientId: 1, createdAt: -1, _id: -1 }, { name: 'patient_created' });
// Admin lists: everything, by status (hidden), by doctor, and the reported queue.
ReviewSchema.index({ createdAt: -1, _id: -1 }, { name: 'created' });
ReviewSchema.index({ status: 1, createdAt: -1, _id: -1 }, { name: 'status_created' });
ReviewSchema.index({ doctorId: 1, createdAt: -1, _id: -1 }, { name: 'doctor_created' });
ReviewSchema.index(
  { reported: 1, lastReportedAt: -1, _id: -1 },
  { name: 'reported_queue', partialFilterExpression: { reported: true } },
);
