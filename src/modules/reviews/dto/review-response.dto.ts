import { ApiProperty } from '@nestjs/swagger';
import { REPORT_REASONS, REVIEW_STATUSES } from '../domain/review-rules';

export class ReviewReplyDto {
  @ApiProperty({ example: 'Thank you, glad you are feeling better.' })
  text!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: string;
}

/** A review as anyone may see it: the patient's first name and initial, never more. */
export class PublicReviewDto {
  @ApiProperty({ example: '665f1c2e8f1b2a0012345678' })
  id!: string;

  @ApiProperty({ example: '665f1c2e8f1b2a0012345679' })
  doctorId!: string;

  @ApiProperty({ example: 'Ravi K.', description: 'First name and last initial' })
  patientName!: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 5, example: 5 })
  rating!: number;

  @ApiProperty({ type: String, nullable: true, example: 'Explained everything clearly.' })
  text!: string | null;

  @ApiProperty({ type: ReviewReplyDto, nullable: true })
  reply!: ReviewReplyDto | null;

  @ApiProperty({ example: false, description: 'The patient edited the review' })
  edited!: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: string;
}

export class ReviewEditDto {
  @ApiProperty({ type: 'integer', example: 3 })
  rating!: number;

  @ApiProperty({ type: String, nullable: true })
  text!: string | null;

  @ApiProperty({ type: String, format: 'date-time', description: 'When this version was replaced' })
  replacedAt!: string;
}

/** The author's view: the public fields plus state, window and edit history. */
export class OwnReviewDto extends PublicReviewDto {
  @ApiProperty({ example: '665f1c2e8f1b2a001234567a' })
  appointmentId!: string;

  @ApiProperty({ enum: REVIEW_STATUSES, enumName: 'ReviewStatus', example: 'published' })
  status!: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Until when the patient may edit or delete it; null once the doctor replied',
  })
  editableUntil!: string | null;

  @ApiProperty({ type: [ReviewEditDto], description: 'Previous versions, oldest first' })
  edits!: ReviewEditDto[];
}

export class ModerationEntryDto {
  @ApiProperty({ enum: ['hidden', 'restored', 'auto_hidden'], example: 'hidden' })
  action!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Admin id; null for the report threshold',
  })
  by!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  at!: string;

  @ApiProperty({ example: 'Contains a phone number' })
  reason!: string;
}

/** The moderator's view. */
export class AdminReviewDto extends OwnReviewDto {
  @ApiProperty({ example: '665f1c2e8f1b2a001234567b' })
  patientId!: string;

  @ApiProperty({ type: 'integer', example: 3 })
  reportsCount!: number;

  @ApiProperty({ type: 'integer', example: 3, description: 'Reports since the last decision' })
  openReports!: number;

  @ApiProperty({ example: true, description: 'Reports await a moderation decision' })
  reported!: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastReportedAt!: string | null;

  @ApiProperty({ type: [ModerationEntryDto] })
  moderation!: ModerationEntryDto[];
}

export class ReportResultDto {
  @ApiProperty({ example: '665f1c2e8f1b2a0012345678' })
  reviewId!: string;

  @ApiProperty({ enum: REPORT_REASONS, enumName: 'ReviewReportReason' })
  reason!: string;

  @ApiProperty({ example: true })
  reported!: boolean;
}
