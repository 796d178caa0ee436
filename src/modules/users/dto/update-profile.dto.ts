import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsEnum,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsIanaTimeZone } from '../../../common/validators/timezone.validator';
import { dateOfBirthProblem } from '../domain/date-of-birth';
import { Gender } from '../domain/gender';

export const NAME_MAX_LENGTH = 100;
export const ADDRESS_LINE_MAX_LENGTH = 200;
/** E.164: a '+', a non-zero country code digit, 8-15 digits in all. */
export const PHONE_PATTERN = /^\+[1-9]\d{7,14}$/;
// Control characters (including newlines) have no place in a display name or address line.
const NO_CONTROL_CHARS = /^[^\p{Cc}]*$/u;

const trim = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;
// People write numbers as "+91 98765-43210" or "+1 (555) 010.2000"; only the digits matter.
const compactPhone = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.length <= 64 ? value.replace(/[\s().-]/g, '') : value;
/** Present means validated: null is not a way to skip a required-when-present field. */
const present = (_: object, value: unknown): boolean => value !== undefined;

function IsDateOfBirth(): PropertyDecorator {
  return ValidateBy({
    name: 'isDateOfBirth',
    validator: {
      validate: (value: unknown) => dateOfBirthProblem(value) === null,
      defaultMessage: (args) => dateOfBirthProblem(args?.value) ?? 'dateOfBirth is invalid',
    },
  });
}

export class AddressInputDto {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: ADDRESS_LINE_MAX_LENGTH,
    example: '12 MG Road',
    description: 'null or an empty string clears the line',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(ADDRESS_LINE_MAX_LENGTH)
  @Matches(NO_CONTROL_CHARS, { message: 'line1 must not contain control characters' })
  line1?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: ADDRESS_LINE_MAX_LENGTH,
    example: 'Bengaluru 560001',
    description: 'null or an empty string clears the line',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(ADDRESS_LINE_MAX_LENGTH)
  @Matches(NO_CONTROL_CHARS, { message: 'line2 must not contain control characters' })
  line2?: string | null;
}

/**
 * The fields a user may change on their own profile. E-mail, role, status and password are not
 * here, so the global ValidationPipe rejects them as unknown fields.
 */
export class UpdateProfileDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: NAME_MAX_LENGTH, example: 'Asha Rao' })
  @ValidateIf(present)
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(NAME_MAX_LENGTH)
  @Matches(NO_CONTROL_CHARS, { message: 'name must not contain control characters' })
  name?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '+919876543210',
    description: 'E.164 (spaces, dashes, dots and parentheses are removed); null clears it',
  })
  @IsOptional()
  @Transform(compactPhone)
  @IsString()
  @Matches(PHONE_PATTERN, { message: 'phone must be in international format, e.g. +919876543210' })
  phone?: string | null;

  @ApiPropertyOptional({ type: AddressInputDto, description: 'Lines not given are kept' })
  @ValidateIf(present)
  @IsObject()
  @ValidateNested()
  @Type(() => AddressInputDto)
  address?: AddressInputDto;

  @ApiPropertyOptional({ enum: Gender, enumName: 'Gender', nullable: true })
  @IsOptional()
  @IsEnum(Gender)
  gender?: Gender | null;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    nullable: true,
    example: '1990-04-01',
    description: 'YYYY-MM-DD, a real date between 1900-01-01 and today; null clears it',
  })
  @IsOptional()
  @IsDateOfBirth()
  dateOfBirth?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'Asia/Kolkata',
    description:
      'IANA time zone e-mails show times in; null clears it (then each visit’s doctor’s zone)',
  })
  @IsOptional()
  @IsIanaTimeZone()
  timezone?: string | null;
}
