import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEnum, IsOptional, IsString, Length } from 'class-validator';
import { PaginationQueryDto } from '../../../common/dto/pagination.dto';
import { ApplicationStatus } from '../schemas/doctor-application.schema';
import { AddressDto } from '../../../common/dto/address.dto';
import { FeeDto } from './doctor-response.dto';
import { trim } from './transforms';

export class RejectApplicationDto {
  @ApiProperty({ example: 'Registration number could not be verified', maxLength: 500 })
  @Transform(trim)
  @IsString()
  @Length(3, 500)
  reason!: string;
}

export class ListApplicationsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: ApplicationStatus, enumName: 'DoctorApplicationStatus' })
  @IsOptional()
  @IsEnum(ApplicationStatus)
  status?: ApplicationStatus;
}

export class ApplicantDto {
  @ApiProperty({ example: 'Asha Rao' })
  name!: string;

  @ApiProperty({ example: 'asha@example.com' })
  email!: string;
}

export class DoctorApplicationDto {
  @ApiProperty({ example: '665f1c2e8f1b2a0012345678' })
  id!: string;

  @ApiProperty({ example: '665f1c2e8f1b2a0012345679' })
  userId!: string;

  @ApiProperty({ enum: ApplicationStatus, enumName: 'DoctorApplicationStatus' })
  status!: ApplicationStatus;

  @ApiProperty({ example: 'cardiologist' })
  speciality!: string;

  @ApiProperty({ example: 'MBBS, MD' })
  degree!: string;

  @ApiProperty({ type: 'integer', example: 8 })
  experienceYears!: number;

  @ApiProperty({ example: '' })
  about!: string;

  @ApiProperty({ type: FeeDto })
  fee!: FeeDto;

  @ApiProperty({ type: AddressDto, nullable: true })
  address!: AddressDto | null;

  @ApiProperty({ example: 'Asia/Kolkata' })
  timezone!: string;

  @ApiProperty({ type: String, nullable: true })
  rejectionReason!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  decidedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;

  @ApiPropertyOptional({
    type: ApplicantDto,
    nullable: true,
    description: 'Admin views only; null if the account no longer exists',
  })
  applicant?: ApplicantDto | null;
}
