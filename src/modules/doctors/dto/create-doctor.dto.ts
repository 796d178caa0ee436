import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, Length, MaxLength } from 'class-validator';
import { NewPassword } from '../../../common/validators/password.validator';
import { DoctorProfileFieldsDto } from './doctor-profile-fields.dto';
import { trim } from './transforms';

/** Admin creation of a doctor account and profile (multipart, with an optional `image`). */
export class CreateDoctorDto extends DoctorProfileFieldsDto {
  @ApiProperty({ example: 'Dr. Asha Rao', minLength: 2, maxLength: 100 })
  @Transform(trim)
  @IsString()
  @Length(2, 100)
  name!: string;

  @ApiProperty({ example: 'asha.rao@example.com' })
  @Transform(trim)
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @NewPassword('Initial password; the doctor must change it at first login')
  password!: string;
}

/** The multipart body of POST /admin/doctors, for the OpenAPI document. */
export const CREATE_DOCTOR_MULTIPART_SCHEMA = {
  type: 'object',
  required: [
    'name',
    'email',
    'password',
    'speciality',
    'degree',
    'experienceYears',
    'fee',
    'currency',
    'timezone',
  ],
  properties: {
    name: { type: 'string', example: 'Dr. Asha Rao' },
    email: { type: 'string', format: 'email' },
    password: { type: 'string', minLength: 8, maxLength: 72 },
    speciality: { type: 'string', example: 'cardiologist' },
    degree: { type: 'string', example: 'MBBS, MD' },
    experienceYears: { type: 'integer', minimum: 0, maximum: 80 },
    about: { type: 'string', maxLength: 2000 },
    fee: { type: 'integer', minimum: 0, description: 'Minor units' },
    currency: { type: 'string', example: 'INR' },
    'address[line1]': { type: 'string', maxLength: 200 },
    'address[line2]': { type: 'string', maxLength: 200 },
    timezone: { type: 'string', example: 'Asia/Kolkata' },
    image: { type: 'string', format: 'binary', description: 'JPEG, PNG or WebP' },
  },
};

export const IMAGE_MULTIPART_SCHEMA = {
  type: 'object',
  required: ['image'],
  properties: {
    image: { type: 'string', format: 'binary', description: 'JPEG, PNG or WebP' },
  },
};
