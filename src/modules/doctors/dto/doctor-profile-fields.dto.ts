import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsIanaTimeZone } from '../../../common/validators/timezone.validator';
import { SLUG_PATTERN } from '../domain/slug';
import { CURRENCIES, toNumber, trim } from './transforms';

export const MAX_ABOUT_LENGTH = 2000;
/** 10,000,000 minor units (e.g. INR 1,00,000.00): far above any consultation fee. */
export const MAX_FEE_MINOR = 10_000_000;

export class ClinicAddressInputDto {
  @ApiPropertyOptional({ maxLength: 200, example: '12 MG Road' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  line1?: string;

  @ApiPropertyOptional({ maxLength: 200, example: 'Bengaluru 560001' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  line2?: string;
}

/**
 * The professional fields of a doctor profile, shared by admin creation and applications.
 * Numbers accept digit strings because multipart forms send text.
 */
export class DoctorProfileFieldsDto {
  @ApiProperty({ example: 'cardiologist', description: 'Slug of a speciality (GET /specialities)' })
  @IsString()
  @MaxLength(60)
  @Matches(SLUG_PATTERN, { message: 'speciality must be a speciality slug' })
  speciality!: string;

  @ApiProperty({ example: 'MBBS, MD (Cardiology)', maxLength: 100 })
  @Transform(trim)
  @IsString()
  @Length(2, 100)
  degree!: string;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 80, example: 12 })
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  @Max(80)
  experienceYears!: number;

  @ApiPropertyOptional({ maxLength: MAX_ABOUT_LENGTH, example: 'Interventional cardiologist.' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(MAX_ABOUT_LENGTH)
  about?: string;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    maximum: MAX_FEE_MINOR,
    example: 50000,
    description: 'Consultation fee in minor units (paise, cents)',
  })
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  @Max(MAX_FEE_MINOR)
  fee!: number;

  @ApiProperty({ example: 'INR', description: 'ISO 4217 currency code, upper case' })
  @IsString()
  @IsIn(CURRENCIES, { message: 'currency must be an ISO 4217 code in upper case, e.g. INR' })
  currency!: string;

  @ApiPropertyOptional({ type: ClinicAddressInputDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ClinicAddressInputDto)
  address?: ClinicAddressInputDto;

  @ApiProperty({ example: 'Asia/Kolkata', description: 'IANA time zone of the working hours' })
  @IsIanaTimeZone()
  timezone!: string;
}
