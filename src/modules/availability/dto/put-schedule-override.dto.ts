import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { SCHEDULE_LIMITS } from '../domain/schedule-rules';
import { DayIntervals, TimeIntervalDto } from './time-interval.dto';

/** The hours of one date, replacing the weekly hours; `[]` = day off. */
export class PutScheduleOverrideDto {
  @ApiProperty({
    type: [TimeIntervalDto],
    maxItems: SCHEDULE_LIMITS.maxIntervalsPerDay,
    description: 'Working hours that day; [] = closed (day off, holiday, leave)',
  })
  @DayIntervals()
  intervals!: TimeIntervalDto[];

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: SCHEDULE_LIMITS.maxReasonLength,
    example: 'Conference',
  })
  @IsOptional()
  @IsString()
  @MaxLength(SCHEDULE_LIMITS.maxReasonLength)
  reason?: string | null;
}
