import { ApiProperty } from '@nestjs/swagger';
import { TimeIntervalDto } from './time-interval.dto';

/** Every weekday present; [] = closed. */
export class WeeklyHoursResponseDto {
  @ApiProperty({ type: [TimeIntervalDto] }) mon!: TimeIntervalDto[];
  @ApiProperty({ type: [TimeIntervalDto] }) tue!: TimeIntervalDto[];
  @ApiProperty({ type: [TimeIntervalDto] }) wed!: TimeIntervalDto[];
  @ApiProperty({ type: [TimeIntervalDto] }) thu!: TimeIntervalDto[];
  @ApiProperty({ type: [TimeIntervalDto] }) fri!: TimeIntervalDto[];
  @ApiProperty({ type: [TimeIntervalDto] }) sat!: TimeIntervalDto[];
  @ApiProperty({ type: [TimeIntervalDto] }) sun!: TimeIntervalDto[];
}

export class ScheduleResponseDto {
  @ApiProperty({ example: '665f1c2e8f1b2a0012345678' })
  doctorId!: string;

  @ApiProperty({ example: 'Asia/Kolkata', description: "The doctor profile's IANA zone" })
  timezone!: string;

  @ApiProperty({ type: 'integer', example: 30 })
  slotMinutes!: number;

  @ApiProperty({ type: 'integer', example: 0 })
  bufferMinutes!: number;

  @ApiProperty({ type: 'integer', example: 60 })
  minNoticeMinutes!: number;

  @ApiProperty({ type: 'integer', example: 30 })
  maxAdvanceDays!: number;

  @ApiProperty({ type: WeeklyHoursResponseDto })
  weekly!: WeeklyHoursResponseDto;

  @ApiProperty({
    example: true,
    description: 'False until the doctor saves a schedule: defaults, and closed every day',
  })
  configured!: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  updatedAt!: string | null;
}

export class ScheduleOverrideResponseDto {
  @ApiProperty({ format: 'date', example: '2026-03-09' })
  date!: string;

  @ApiProperty({ type: [TimeIntervalDto], description: '[] = closed that day' })
  intervals!: TimeIntervalDto[];

  @ApiProperty({ type: String, nullable: true, example: 'Conference' })
  reason!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: string;
}
