import { ApiProperty } from '@nestjs/swagger';
import { PlatformSatisfactionDto } from '../../reviews/dto/satisfaction.dto';
import { AppointmentResponseDto } from '../../appointments/dto/appointment-response.dto';
import {
  AppointmentStatusCountsDto,
  DashboardRangeDto,
  MoneyAmountDto,
} from '../../appointments/analytics/dto/dashboard-response.dto';
import {
  MonthlyTrendDto,
  SpecialityStatsDto,
  TopDoctorDto,
} from '../../appointments/analytics/dto/platform-stats.dto';

export class DoctorCountsDto {
  @ApiProperty({ type: 'integer', example: 120, description: 'All doctor profiles' })
  total!: number;

  @ApiProperty({ type: 'integer', example: 115, description: 'Approval not revoked' })
  approved!: number;

  @ApiProperty({
    type: 'integer',
    example: 110,
    description: 'Publicly listed (approved, visible, account active)',
  })
  listed!: number;
}

export class PatientCountsDto {
  @ApiProperty({
    type: 'integer',
    example: 5400,
    description: 'Patient accounts, whatever their status',
  })
  total!: number;

  @ApiProperty({ type: 'integer', example: 5210, description: 'Active patient accounts' })
  active!: number;
}

export class UtilisationDto {
  @ApiProperty({ type: 'integer', example: 110, description: 'Listed doctors taken into account' })
  doctors!: number;

  @ApiProperty({
    type: 'integer',
    example: 26400,
    description: "Slots the listed doctors' current schedules generate in the range",
  })
  offeredSlots!: number;

  @ApiProperty({
    type: 'integer',
    example: 9100,
    description:
      "Those doctors' appointments in the range that are pending, confirmed, completed or no_show",
  })
  bookedSlots!: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 0.3447,
    description: 'bookedSlots / offeredSlots (4 decimals); null when nothing was offered',
  })
  rate!: number | null;
}

export class AdminDashboardDto {
  @ApiProperty({ type: DashboardRangeDto, description: 'Dates and months are UTC' })
  range!: DashboardRangeDto;

  @ApiProperty({ type: DoctorCountsDto, description: 'Current totals (not limited to the range)' })
  doctors!: DoctorCountsDto;

  @ApiProperty({ type: PatientCountsDto, description: 'Current totals (not limited to the range)' })
  patients!: PatientCountsDto;

  @ApiProperty({ type: AppointmentStatusCountsDto, description: 'Appointments starting in range' })
  appointments!: AppointmentStatusCountsDto;

  @ApiProperty({
    type: [MoneyAmountDto],
    description:
      'Per currency: recorded payments (online, or recorded at the clinic) minus refunds',
  })
  revenue!: MoneyAmountDto[];

  @ApiProperty({
    type: [MonthlyTrendDto],
    description: 'Every month overlapping the range (zeros included), in order',
  })
  monthly!: MonthlyTrendDto[];

  @ApiProperty({
    type: [SpecialityStatsDto],
    description: "By the speciality on the appointment's doctor snapshot; busiest first",
  })
  specialities!: SpecialityStatsDto[];

  @ApiProperty({
    type: [TopDoctorDto],
    description: 'Top 5 by completed appointments, then revenue',
  })
  topDoctors!: TopDoctorDto[];

  @ApiProperty({ type: UtilisationDto })
  utilisation!: UtilisationDto;

  @ApiProperty({
    type: [AppointmentResponseDto],
    description: 'The 5 most recently booked appointments of the range, newest first',
  })
  latest!: AppointmentResponseDto[];

  @ApiProperty({
    type: PlatformSatisfactionDto,
    description: 'Patient satisfaction: published reviews written in the range (UTC)',
  })
  satisfaction!: PlatformSatisfactionDto;
}
