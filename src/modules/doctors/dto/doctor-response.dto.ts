import { AddressDto } from '../../../common/dto/address.dto';
import { ApiProperty } from '@nestjs/swagger';
import { AccountStatus } from '../../users/domain/account-status';
import { ApprovalStatus } from '../schemas/doctor.schema';

export class FeeDto {
  @ApiProperty({ type: 'integer', example: 50000, description: 'Minor units (paise, cents)' })
  amount!: number;

  @ApiProperty({ example: 'INR', description: 'ISO 4217 code' })
  currency!: string;
}

/** Published reviews per star. */
export class RatingDistributionDto {
  @ApiProperty({ type: 'integer', example: 0 })
  '1'!: number;

  @ApiProperty({ type: 'integer', example: 1 })
  '2'!: number;

  @ApiProperty({ type: 'integer', example: 2 })
  '3'!: number;

  @ApiProperty({ type: 'integer', example: 5 })
  '4'!: number;

  @ApiProperty({ type: 'integer', example: 10 })
  '5'!: number;
}

/** A doctor's rating over their published reviews, exact as soon as a review change returns. */
export class RatingSummaryDto {
  @ApiProperty({
    example: 4.33,
    minimum: 0,
    maximum: 5,
    description: 'Plain average to two decimals; 0 without reviews',
  })
  average!: number;

  @ApiProperty({ type: 'integer', example: 18 })
  count!: number;

  @ApiProperty({ type: RatingDistributionDto })
  distribution!: RatingDistributionDto;
}

/** A doctor as anyone may see them. No e-mail, no account or storage internals. */
export class PublicDoctorDto {
  @ApiProperty({ example: '665f1c2e8f1b2a0012345678', description: 'The doctor (user) id' })
  id!: string;

  @ApiProperty({ example: 'Dr. Asha Rao' })
  name!: string;

  @ApiProperty({ example: 'cardiologist', description: 'Speciality slug' })
  speciality!: string;

  @ApiProperty({ example: 'Cardiologist' })
  specialityName!: string;

  @ApiProperty({ example: 'MBBS, MD (Cardiology)' })
  degree!: string;

  @ApiProperty({ type: 'integer', example: 12 })
  experienceYears!: number;

  @ApiProperty({ example: 'Interventional cardiologist.' })
  about!: string;

  @ApiProperty({ type: FeeDto })
  fee!: FeeDto;

  @ApiProperty({ type: AddressDto, nullable: true })
  address!: AddressDto | null;

  @ApiProperty({ type: String, nullable: true, example: 'http://localhost:3000/uploads/d.webp' })
  imageUrl!: string | null;

  @ApiProperty({ example: 'Asia/Kolkata' })
  timezone!: string;

  @ApiProperty({ example: true })
  acceptingAppointments!: boolean;

  @ApiProperty({ type: 'integer', example: 42 })
  followersCount!: number;

  @ApiProperty({ type: () => RatingSummaryDto })
  rating!: RatingSummaryDto;
}

/** The doctor's own profile: the public view plus its listing state. */
export class DoctorProfileDto extends PublicDoctorDto {
  @ApiProperty({ example: true })
  visible!: boolean;

  @ApiProperty({ enum: ApprovalStatus, enumName: 'DoctorApprovalStatus' })
  approvalStatus!: ApprovalStatus;

  @ApiProperty({ enum: AccountStatus, enumName: 'AccountStatus' })
  accountStatus!: AccountStatus;

  @ApiProperty({
    example: true,
    description: 'Shown publicly: approved, visible, active and own password set',
  })
  listed!: boolean;

  @ApiProperty({
    example: false,
    description:
      'Created by an admin and the initial password not yet changed: unlisted and not bookable',
  })
  mustChangePassword!: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: string;
}

/** A profile as an admin sees it, with the account's e-mail. */
export class AdminDoctorDto extends DoctorProfileDto {
  @ApiProperty({ type: String, nullable: true, example: 'asha.rao@example.com' })
  email!: string | null;
}
