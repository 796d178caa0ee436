import { ApiProperty } from '@nestjs/swagger';
import { AppointmentResponseDto } from '../../dto/appointment-response.dto';

export class DashboardRangeDto {
  @ApiProperty({ type: String, format: 'date', example: '2026-01-01' })
  from!: string;

  @ApiProperty({ type: String, format: 'date', example: '2026-03-31', description: 'Inclusive' })
  to!: string;

  @ApiProperty({ example: 'Asia/Kolkata', description: 'Zone of the dates and of the buckets' })
  timezone!: string;

  @ApiProperty({ type: String, format: 'date-time', description: 'First instant of `from`' })
  start!: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    description: 'First instant after `to` (exclusive end)',
  })
  end!: string;
}

export class MoneyAmountDto {
  @ApiProperty({ type: 'integer', example: 150000, description: 'Minor units (paise, cents)' })
  amount!: number;

  @ApiProperty({ example: 'INR', description: 'ISO 4217 code' })
  currency!: string;
}

export class AppointmentStatusCountsDto {
  @ApiProperty({ type: 'integer', example: 42, description: 'All appointments in the range' })
  total!: number;

  @ApiProperty({ type: 'integer', example: 3 })
  pending!: number;

  @ApiProperty({ type: 'integer', example: 10 })
  confirmed!: number;

  @ApiProperty({ type: 'integer', example: 25 })
  completed!: number;

  @ApiProperty({ type: 'integer', example: 1, description: 'Status `no_show`' })
  noShow!: number;

  @ApiProperty({ type: 'integer', example: 3 })
  cancelled!: number;
}

export class WeeklyEarningsDto {
  @ApiProperty({ example: '2026-W09', description: 'ISO week' })
  week!: string;

  @ApiProperty({ type: String, format: 'date', example: '2026-02-23', description: 'Its Monday' })
  start!: string;

  @ApiProperty({ type: String, format: 'date', example: '2026-03-01', description: 'Its Sunday' })
  end!: string;

  @ApiProperty({ type: 'integer', example: 100000, description: 'Minor units' })
  amount!: number;
}

export class MonthlyEarningsDto {
  @ApiProperty({ example: '2026-03' })
  month!: string;

  @ApiProperty({ type: 'integer', example: 400000, description: 'Minor units' })
  amount!: number;
}

export class CurrencyEarningsDto {
  @ApiProperty({ example: 'INR' })
  currency!: string;

  @ApiProperty({ type: 'integer', example: 400000, description: 'Total in the range, minor units' })
  amount!: number;

  @ApiProperty({
    type: [WeeklyEarningsDto],
    description: 'Every ISO week overlapping the range (zeros included), in order',
  })
  weekly!: WeeklyEarningsDto[];

  @ApiProperty({
    type: [MonthlyEarningsDto],
    description: 'Every month overlapping the range (zeros included), in order',
  })
  monthly!: MonthlyEarningsDto[];
}

export class DoctorDashboardDto {
  @ApiProperty({ type: DashboardRangeDto })
  range!: DashboardRangeDto;

  @ApiProperty({ type: AppointmentStatusCountsDto, description: 'Appointments starting in range' })
  appointments!: AppointmentStatusCountsDto;

  @ApiProperty({
    type: 'integer',
    example: 31,
    description: 'Distinct patients with an appointment (any status) in the range',
  })
  patients!: number;

  @ApiProperty({
    type: [CurrencyEarningsDto],
    description:
      'Earnings per currency (the current fee currency first, always present): the recorded ' +
      'payments (online, or recorded at the clinic) minus refunds, ' +
      "bucketed by the appointment's start in the doctor's time zone",
  })
  earnings!: CurrencyEarningsDto[];

  @ApiProperty({
    type: [AppointmentResponseDto],
    description: 'The 5 most recently booked appointments of the range, newest first',
  })
  latest!: AppointmentResponseDto[];
}
