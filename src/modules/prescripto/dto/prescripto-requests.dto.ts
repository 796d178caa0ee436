import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsMongoId,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateBy,
  ValidateNested,
} from 'class-validator';

// Prescripto's request bodies, as its clients send them. Fields are optional here so a missing
// one is answered with the client's own message ('Missing Details', 'Data Missing'); the values
// are then validated by our own DTOs (RegisterDto, UpdateProfileDto, CreateDoctorDto, ...), so
// no rule is written twice.

const TEXT = 2000;

export class PrescriptoCredentialsDto {
  @ApiPropertyOptional({ example: 'ravi@example.com' })
  @IsOptional()
  @IsString()
  @MaxLength(320)
  email?: string;

  @ApiPropertyOptional({ example: 'Ravi-pass-2026' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  password?: string;
}

export class PrescriptoRegisterDto extends PrescriptoCredentialsDto {
  @ApiPropertyOptional({ example: 'Ravi Kumar' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;
}

/** Multipart: `address` is a JSON string, `dob` YYYY-MM-DD or "Not Selected". */
export class PrescriptoUpdateProfileDto {
  @ApiPropertyOptional({ example: 'Ravi Kumar' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({
    example: '9876543210',
    description: 'Local numbers use PRESCRIPTO_PHONE_REGION',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  phone?: string;

  @ApiPropertyOptional({
    example: '{"line1":"12 MG Road","line2":"Bengaluru"}',
    description: 'JSON string',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  address?: string;

  @ApiPropertyOptional({ example: 'Male', description: 'Male, Female, Other or Not Selected' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  gender?: string;

  @ApiPropertyOptional({ example: '1990-04-01', description: 'YYYY-MM-DD or Not Selected' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  dob?: string;
}

export class PrescriptoBookDto {
  @ApiPropertyOptional({ example: '665f1c2e8f1b2a0012345679' })
  @IsOptional()
  @IsMongoId()
  docId?: string;

  @ApiPropertyOptional({ example: '3_12_2026', description: 'd_m_yyyy, in the doctor’s zone' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  slotDate?: string;

  @ApiPropertyOptional({ example: '10:30 AM', description: 'The browser’s toLocaleTimeString' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  slotTime?: string;
}

export class PrescriptoAppointmentIdDto {
  @ApiPropertyOptional({ example: '665f1c2e8f1b2a0012345678' })
  @IsOptional()
  @IsMongoId()
  appointmentId?: string;
}

export class PrescriptoVerifyStripeDto extends PrescriptoAppointmentIdDto {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'What the browser was told; ignored: Stripe is asked instead',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  success?: string;
}

export class PrescriptoVerifyRazorpayDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  razorpay_payment_id?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  razorpay_order_id?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  razorpay_signature?: string;
}

export class PrescriptoDocIdDto {
  @ApiPropertyOptional({ example: '665f1c2e8f1b2a0012345679' })
  @IsOptional()
  @IsMongoId()
  docId?: string;
}

/** Multipart with a required `image`; `fees` in major units, `experience` "N Year". */
export class PrescriptoAddDoctorDto extends PrescriptoRegisterDto {
  @ApiPropertyOptional({ example: '4 Year' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  experience?: string;

  @ApiPropertyOptional({ example: '500', description: 'Major units of PRESCRIPTO_CURRENCY' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  fees?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  about?: string;

  @ApiPropertyOptional({ example: 'General physician' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  speciality?: string;

  @ApiPropertyOptional({ example: 'MBBS' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  degree?: string;

  @ApiPropertyOptional({
    example: '{"line1":"12 MG Road","line2":"Bengaluru"}',
    description: 'JSON string',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  address?: string;
}

export class PrescriptoAddressDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  line1?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  line2?: string;
}

/** JSON, from the doctor's profile page: `fees` a number, or a string after an edit. */
export class PrescriptoDoctorProfileDto {
  @ApiPropertyOptional({ type: PrescriptoAddressDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PrescriptoAddressDto)
  address?: PrescriptoAddressDto;

  @ApiPropertyOptional({ oneOf: [{ type: 'number' }, { type: 'string' }], example: 500 })
  @IsOptional()
  @IsNumberOrString()
  fees?: number | string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  about?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  available?: boolean;
}

/** Either shape is accepted; the service turns it into minor units or refuses it. */
function IsNumberOrString(): PropertyDecorator {
  return ValidateBy({
    name: 'isNumberOrString',
    validator: {
      validate: (value: unknown) =>
        (typeof value === 'number' && Number.isFinite(value)) ||
        (typeof value === 'string' && value.length <= 20),
      defaultMessage: () => 'fees must be a number',
    },
  });
}
