import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { PaginationQueryDto } from '../../../common/dto/pagination.dto';
import { AccountStatus } from '../../users/domain/account-status';
import { DoctorSort } from '../domain/doctor-sort';
import { SLUG_PATTERN } from '../domain/slug';
import { ApprovalStatus } from '../schemas/doctor.schema';
import { MAX_FEE_MINOR } from './doctor-profile-fields.dto';
import { toBoolean, toNumber } from './transforms';

export class ListDoctorsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ example: 'cardiologist', description: 'Speciality slug' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  @Matches(SLUG_PATTERN, { message: 'speciality must be a speciality slug' })
  speciality?: string;

  @ApiPropertyOptional({
    example: 'asha ra',
    maxLength: 100,
    description: 'Matches doctors having a name word that starts with each search word',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: 'Highest fee, minor units' })
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  @Max(MAX_FEE_MINOR)
  maxFee?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 5, example: 4 })
  @IsOptional()
  @Transform(toNumber)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(5)
  minRating?: number;

  @ApiPropertyOptional({
    type: Boolean,
    description: 'true: only doctors accepting appointments; false: only those not accepting',
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  accepting?: boolean;

  @ApiPropertyOptional({ enum: DoctorSort, enumName: 'DoctorSort', default: DoctorSort.Popularity })
  @IsOptional()
  @IsEnum(DoctorSort)
  sort?: DoctorSort;
}

/** Admin sorts: the public ones plus newest first (the admin default). */
export const ADMIN_DOCTOR_SORTS = [...Object.values(DoctorSort), 'newest'] as const;
export type AdminDoctorSort = (typeof ADMIN_DOCTOR_SORTS)[number];

export class AdminListDoctorsQueryDto extends OmitType(ListDoctorsQueryDto, ['sort'] as const) {
  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  visible?: boolean;

  @ApiPropertyOptional({ enum: AccountStatus, enumName: 'AccountStatus' })
  @IsOptional()
  @IsEnum(AccountStatus)
  accountStatus?: AccountStatus;

  @ApiPropertyOptional({ enum: ApprovalStatus, enumName: 'DoctorApprovalStatus' })
  @IsOptional()
  @IsEnum(ApprovalStatus)
  approvalStatus?: ApprovalStatus;

  @ApiPropertyOptional({
    enum: ADMIN_DOCTOR_SORTS,
    enumName: 'AdminDoctorSort',
    default: 'newest',
  })
  @IsOptional()
  @IsIn(ADMIN_DOCTOR_SORTS)
  sort?: AdminDoctorSort;
}
