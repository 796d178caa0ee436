import { ApiPropertyOptional, IntersectionType, PartialType, PickType } from '@nestjs/swagger';
import { IsBoolean, IsEnum, IsOptional } from 'class-validator';
import { ApprovalStatus } from '../schemas/doctor.schema';
import { DoctorProfileFieldsDto } from './doctor-profile-fields.dto';

/**
 * What a doctor may change on their own profile. Speciality and degree are credentials an admin
 * checked at approval, so only admins change them; approval, visibility, counters and the
 * account's e-mail are never editable here.
 */
export class UpdateMyDoctorProfileDto extends PartialType(
  PickType(DoctorProfileFieldsDto, [
    'experienceYears',
    'about',
    'fee',
    'currency',
    'address',
    'timezone',
  ] as const),
) {
  @ApiPropertyOptional({ example: true })
  @IsOptional()
  @IsBoolean()
  acceptingAppointments?: boolean;
}

/** An admin's edit of any profile, including listing and credential fields. */
export class AdminUpdateDoctorDto extends IntersectionType(
  UpdateMyDoctorProfileDto,
  PartialType(PickType(DoctorProfileFieldsDto, ['speciality', 'degree'] as const)),
) {
  @ApiPropertyOptional({ example: true, description: 'Shown in public lists and profiles' })
  @IsOptional()
  @IsBoolean()
  visible?: boolean;

  @ApiPropertyOptional({ enum: ApprovalStatus, enumName: 'DoctorApprovalStatus' })
  @IsOptional()
  @IsEnum(ApprovalStatus)
  approvalStatus?: ApprovalStatus;
}
