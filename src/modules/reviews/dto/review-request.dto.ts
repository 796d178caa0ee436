import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsMongoId,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { PaginationQueryDto } from '../../../common/dto/pagination.dto';
import {
  MAX_MODERATION_REASON,
  MAX_REPLY_TEXT,
  MAX_REVIEW_TEXT,
  REPORT_REASONS,
  type ReportReason,
} from '../domain/review-rules';
import type { PublicReviewSort } from '../reviews.repository';

const trim = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;

/** "true" / "false" in a query string; anything else stays as it is and fails IsBoolean. */
const toBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;

// The rating is a JSON integer: "5", 3.5, 0 and 6 are refused (no implicit conversion of bodies).
export class CreateReviewDto {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 5, example: 5 })
  @IsInt()
  @Min(1)
  @Max(5)
  rating!: number;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: MAX_REVIEW_TEXT,
    example: 'Listened carefully and explained the treatment.',
    description: 'Trimmed; empty means no text',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(MAX_REVIEW_TEXT)
  text?: string | null;
}

export class UpdateReviewDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 5, example: 4 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  rating?: number;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: MAX_REVIEW_TEXT,
    description: 'Trimmed; empty or null removes the text',
  })
  @IsOptional()
  @Transform(trim)
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(MAX_REVIEW_TEXT)
  text?: string | null;
}

export class ReplyDto {
  @ApiProperty({ minLength: 1, maxLength: MAX_REPLY_TEXT, example: 'Thank you for the feedback.' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_REPLY_TEXT)
  text!: string;
}

export class ReportReviewDto {
  @ApiProperty({ enum: REPORT_REASONS, enumName: 'ReviewReportReason', example: 'spam' })
  @IsIn(REPORT_REASONS)
  reason!: ReportReason;
}

export class ModerateReviewDto {
  @ApiProperty({
    minLength: 1,
    maxLength: MAX_MODERATION_REASON,
    example: 'Contains a phone number',
  })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_MODERATION_REASON)
  reason!: string;
}

export const PUBLIC_REVIEW_SORTS = ['newest', 'highest', 'lowest'] as const;

export class ListDoctorReviewsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({
    enum: PUBLIC_REVIEW_SORTS,
    enumName: 'ReviewSort',
    default: 'newest',
    description: 'newest first, or by rating (highest / lowest, newest first within a rating)',
  })
  @IsOptional()
  @IsIn(PUBLIC_REVIEW_SORTS)
  sort?: PublicReviewSort;
}

export class AdminListReviewsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({
    type: Boolean,
    description: 'true: reviews with reports awaiting a moderation decision (latest report first)',
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  reported?: boolean;

  @ApiPropertyOptional({ type: Boolean, description: 'true: hidden only; false: published only' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  hidden?: boolean;

  @ApiPropertyOptional({ example: '665f1c2e8f1b2a0012345678' })
  @IsOptional()
  @IsMongoId()
  doctorId?: string;
}
