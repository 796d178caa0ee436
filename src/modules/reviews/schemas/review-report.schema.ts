import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, SchemaTypes, Types } from 'mongoose';
import { REPORT_REASONS, type ReportReason } from '../domain/review-rules';

/** One user's report of one review. */
@Schema({ collection: 'review_reports', timestamps: { createdAt: true, updatedAt: false } })
export class ReviewReport {
  _id!: Types.ObjectId;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) reviewId!: Types.ObjectId;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) reporterId!: Types.ObjectId;
  @Prop({ type: String, enum: REPORT_REASONS, required: true }) reason!: ReportReason;
  @Prop({ type: String, default: null }) note!: string | null;
  createdAt!: Date;
}

export type ReviewReportDocument = HydratedDocument<ReviewReport>;
export const ReviewReportSchema = SchemaFactory.createForClass(ReviewReport);

// A user reports a review once: the unique index decides between two racing reports.
ReviewReportSchema.index(
  { reviewId: 1, reporterId: 1 },
  { unique: true, name: 'review_reporter_unique' },
);
// The reports a user filed (the data export).
ReviewReportSchema.index({ reporterId: 1, createdAt: -1, _id: -1 }, { name: 'reporter_created' });
