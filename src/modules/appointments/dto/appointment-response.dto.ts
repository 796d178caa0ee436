import { ACTOR_ROLES } from '../../../common/auth/actor-role';
import { AddressDto } from '../../../common/dto/address.dto';
import { ApiProperty } from '@nestjs/swagger';
import { AppointmentStatus } from '../domain/appointment-status';

const PAYMENT_STATES = ['unpaid', 'paid', 'pay_at_clinic', 'refunded', 'partially_refunded'];

export class AppointmentPatientDto {
  @ApiProperty({ example: 'Asha Rao' })
  name!: string;

  @ApiProperty({ type: String, nullable: true, example: 'asha@example.com' })
  email!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '+919876543210' })
  phone!: string | null;

  @ApiProperty({ type: String, nullable: true })
  imageUrl!: string | null;

  @ApiProperty({ type: String, format: 'date', nullable: true, example: '1990-04-01' })
  dateOfBirth!: string | null;
}

export class AppointmentDoctorDto {
  @ApiProperty({ example: 'Dr. Meera Iyer' })
  name!: string;

  @ApiProperty({ example: 'cardiologist', description: 'Speciality slug' })
  speciality!: string;

  @ApiProperty({ example: 'Cardiologist' })
  specialityName!: string;

  @ApiProperty({ example: 'MBBS, MD' })
  degree!: string;

  @ApiProperty({ type: String, nullable: true })
  imageUrl!: string | null;

  @ApiProperty({ type: AddressDto, nullable: true })
  address!: AddressDto | null;

  @ApiProperty({ example: 'Asia/Kolkata' })
  timezone!: string;
}

export class AppointmentFeeDto {
  @ApiProperty({ type: 'integer', example: 50000, description: 'Minor units (paise, cents)' })
  amount!: number;

  @ApiProperty({ example: 'INR' })
  currency!: string;
}

export class StatusChangeDto {
  @ApiProperty({
    enum: AppointmentStatus,
    enumName: 'AppointmentStatus',
    example: AppointmentStatus.Confirmed,
  })
  status!: AppointmentStatus;

  @ApiProperty({ type: String, format: 'date-time' })
  at!: string;

  @ApiProperty({ type: String, nullable: true, description: 'User id; null for the system' })
  by!: string | null;

  @ApiProperty({ enum: ACTOR_ROLES, enumName: 'AppointmentActorRole', example: 'patient' })
  byRole!: string;

  @ApiProperty({ type: String, nullable: true })
  reason!: string | null;
}

export class CancellationDto {
  @ApiProperty({ enum: ACTOR_ROLES, enumName: 'AppointmentActorRole' })
  by!: string;

  @ApiProperty({ type: String, nullable: true })
  reason!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  at!: string;

  @ApiProperty({ example: 'patient_24h_or_more' })
  refundRule!: string;

  @ApiProperty({ type: 'integer', example: 100 })
  refundPercent!: number;

  @ApiProperty({ type: 'integer', example: 50000, description: 'Minor units due back' })
  refundDue!: number;
}

export class AppointmentResponseDto {
  @ApiProperty({ example: '665f1c2e8f1b2a0012345678' })
  id!: string;

  @ApiProperty({ example: '665f1c2e8f1b2a0012345679' })
  doctorId!: string;

  @ApiProperty({ example: '665f1c2e8f1b2a001234567a' })
  patientId!: string;

  @ApiProperty({ type: String, format: 'date-time', example: '2026-03-09T04:30:00.000Z' })
  startsAt!: string;

  @ApiProperty({ type: String, format: 'date-time', example: '2026-03-09T05:00:00.000Z' })
  endsAt!: string;

  // Examples show what a booking answers in the default PAYMENT_MODE (clinic).
  @ApiProperty({
    enum: AppointmentStatus,
    enumName: 'AppointmentStatus',
    example: AppointmentStatus.Confirmed,
  })
  status!: AppointmentStatus;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: null,
    description: 'When an unpaid pending booking (online payment) stops holding its slot',
  })
  holdExpiresAt!: string | null;

  @ApiProperty({ type: AppointmentFeeDto })
  fee!: AppointmentFeeDto;

  @ApiProperty({
    enum: PAYMENT_STATES,
    enumName: 'AppointmentPaymentState',
    example: 'pay_at_clinic',
  })
  paymentState!: string;

  @ApiProperty({ type: 'integer', example: 0, description: 'Paid online, minor units' })
  paidAmount!: number;

  @ApiProperty({ type: 'integer', example: 0, description: 'Of paidAmount, refunded, minor units' })
  refundedAmount!: number;

  @ApiProperty({ type: AppointmentPatientDto })
  patient!: AppointmentPatientDto;

  @ApiProperty({ type: AppointmentDoctorDto })
  doctor!: AppointmentDoctorDto;

  @ApiProperty({ type: CancellationDto, nullable: true, example: null })
  cancellation!: CancellationDto | null;

  @ApiProperty({ type: [StatusChangeDto] })
  history!: StatusChangeDto[];

  @ApiProperty({ type: [String], format: 'date-time', description: 'Earlier start instants' })
  rescheduledFrom!: string[];

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  reminderSentAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: string;
}
