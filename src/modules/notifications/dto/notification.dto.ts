import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDate,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PaginationQueryDto } from '../../../common/dto/pagination.dto';

export class NotificationDto {
  @ApiProperty({ example: '665f1c2e9b1e8a0012345678' }) id!: string;
  @ApiProperty({ example: 'booking_confirmed' }) type!: string;
  @ApiProperty({ example: 'Booking confirmed' }) title!: string;
  @ApiProperty({ example: 'Your appointment with Dr. Rao is on Thu, 3 Dec 2026, 14:30 (UTC).' })
  body!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readAt!: string | null;
}

const toBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;

export class ListNotificationsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ type: Boolean, description: 'Only unread notifications' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  unread?: boolean;
}

export class UnreadCountDto {
  @ApiProperty({ example: 3, description: 'Exact up to `bound`; `bound` means "at least".' })
  count!: number;
  @ApiProperty({ example: 1000 }) bound!: number;
  @ApiProperty({ description: 'True when there are at least `bound` unread notifications' })
  capped!: boolean;
}

export class ReadAllDto {
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Marks those created before this time (default: now); newer ones stay unread',
  })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  before?: Date;
}

export class ReadAllResultDto {
  @ApiProperty({ example: 4 }) marked!: number;
}

export class PreferenceItemDto {
  @ApiProperty({ example: 'appointment_reminder' })
  @IsString()
  @MaxLength(64)
  type!: string;

  @ApiProperty({ readOnly: true, example: 'A reminder before your appointment' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string;

  @ApiProperty({ example: true })
  @IsBoolean()
  inApp!: boolean;

  @ApiProperty({ type: Boolean, nullable: true, example: true, description: 'null: no e-mail' })
  @IsOptional()
  @IsBoolean()
  email!: boolean | null;

  @ApiProperty({
    readOnly: true,
    description: 'Essential e-mails (payments, account security) cannot be switched off',
  })
  @IsOptional()
  @IsBoolean()
  emailLocked?: boolean;
}

export class PreferencesDto {
  @ApiProperty({ type: [PreferenceItemDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => PreferenceItemDto)
  items!: PreferenceItemDto[];
}

export class UnsubscribeQueryDto {
  @ApiProperty({ description: 'The token of the link in the e-mail' })
  @IsString()
  @MaxLength(500)
  token!: string;
}

export class UnsubscribedDto {
  @ApiProperty({ example: 'appointment_reminder' }) type!: string;
  @ApiProperty({ enum: ['email'] }) channel!: 'email';
}
