import { ApiProperty } from '@nestjs/swagger';
import { AppointmentStatus } from '../domain/appointment-status';

const PAYMENT_STATES = ['unpaid', 'paid', 'pay_at_clinic', 'refunded', 'partially_refunded'];
const ACTOR_ROLES = ['patient', 'doctor', 'admin', 'system'];

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

export class AppointmentAddressDto {
  @ApiProperty({ example: '12 MG Road' })
  line1!: string;

  @ApiProperty({ example: 'Bengaluru 560001' })
  line2!: string;
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

  @ApiProperty({ type: AppointmentAddressDto })
  address!: AppointmentAddressDto;

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
  @ApiProperty({ enum: AppointmentStatus, enumName: 'AppointmentStatus' })
  status!: AppointmentStatus;

  @ApiProperty({ type: String, format: 'date-time' })
  at!: string;

  @ApiProperty({ type: String, nullable: true, description: 'User id; null for the system' })
  by!: string | null;

  @ApiProperty({ enum: ACTOR_ROLES, enumName: 'AppointmentActorRole' })
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

  @ApiProperty({ type: String, format: 'date-time' })
  startsAt!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  endsAt!: string;

  @ApiProperty({ enum: AppointmentStatus, enumName: 'AppointmentStatus' })
  status!: AppointmentStatus;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When an unpaid pending booking stops holding its slot',
  })
  holdExpiresAt!: string | null;

  @ApiProperty({ type: AppointmentFeeDto })
  fee!: AppointmentFeeDto;

  @ApiProperty({ enum: PAYMENT_STATES, enumName: 'AppointmentPaymentState' })
  paymentState!: string;

  @ApiProperty({ type: 'integer', example: 0, description: 'Paid online, minor units' })
  paidAmount!: number;

  @ApiProperty({ type: 'integer', example: 0, description: 'Of paidAmount, refunded, minor units' })
  refundedAmount!: number;

  @ApiProperty({ type: AppointmentPatientDto })
  patient!: AppointmentPatientDto;

  @ApiProperty({ type: AppointmentDoctorDto })
  doctor!: AppointmentDoctorDto;

  @ApiProperty({ type: CancellationDto, nullable: true })
  cancellation!: CancellationDto | null;

  @ApiProperty({ type: [StatusChangeDto] })
  history!: StatusChangeDto[];

  @ApiProperty({ type: [String], format: 'date-time', description: 'Earlier start instants' })
  rescheduledFrom!: string[];

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  reminderSentAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: string;
}
