import { ApiProperty } from '@nestjs/swagger';
import { MoneyAmountDto } from './dashboard-response.dto';

export class MonthlyTrendDto {
  @ApiProperty({ example: '2026-03' })
  month!: string;

  @ApiProperty({ type: 'integer', example: 120, description: 'Appointments (any status)' })
  appointments!: number;

  @ApiProperty({ type: 'integer', example: 80 })
  completed!: number;

  @ApiProperty({ type: [MoneyAmountDto], description: 'Per currency' })
  revenue!: MoneyAmountDto[];
}

export class SpecialityStatsDto {
  @ApiProperty({ example: 'cardiologist', description: 'Speciality slug' })
  speciality!: string;

  @ApiProperty({ example: 'Cardiologist' })
  specialityName!: string;

  @ApiProperty({ type: 'integer', example: 40, description: 'Appointments (any status)' })
  appointments!: number;

  @ApiProperty({ type: 'integer', example: 30 })
  completed!: number;
}

export class TopDoctorDto {
  @ApiProperty({ example: '665f1c2e8f1b2a0012345679' })
  doctorId!: string;

  @ApiProperty({ example: 'Dr. Meera Iyer' })
  name!: string;

  @ApiProperty({ example: 'cardiologist', description: 'Speciality slug' })
  speciality!: string;

  @ApiProperty({ type: 'integer', example: 30 })
  completed!: number;

  @ApiProperty({ type: 'integer', example: 36, description: 'Appointments (any status)' })
  appointments!: number;

  @ApiProperty({ type: [MoneyAmountDto], description: 'Per currency' })
  revenue!: MoneyAmountDto[];
}
