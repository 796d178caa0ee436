import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsObject, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { IsIanaTimeZone } from '../../../common/validators/timezone.validator';
import { DEFAULT_SCHEDULE_SETTINGS, SCHEDULE_LIMITS } from '../domain/schedule-rules';
import { DayIntervals, TimeIntervalDto } from './time-interval.dto';

const L = SCHEDULE_LIMITS;
const D = DEFAULT_SCHEDULE_SETTINGS;
const dayDoc = (day: string): ApiPropertyOptions => ({
  nullable: true,
  type: [TimeIntervalDto],
  maxItems: L.maxIntervalsPerDay,
  description: `${day} working hours; omitted, null or [] = closed`,
});

/** Weekly hours by weekday; unknown keys are rejected. */
export class WeeklyHoursDto {
  @ApiPropertyOptional(dayDoc('Monday'))
  @IsOptional()
  @DayIntervals()
  mon?: TimeIntervalDto[] | null;

  @ApiPropertyOptional(dayDoc('Tuesday'))
  @IsOptional()
  @DayIntervals()
  tue?: TimeIntervalDto[] | null;

  @ApiPropertyOptional(dayDoc('Wednesday'))
  @IsOptional()
  @DayIntervals()
  wed?: TimeIntervalDto[] | null;

  @ApiPropertyOptional(dayDoc('Thursday'))
  @IsOptional()
  @DayIntervals()
  thu?: TimeIntervalDto[] | null;

  @ApiPropertyOptional(dayDoc('Friday'))
  @IsOptional()
  @DayIntervals()
  fri?: TimeIntervalDto[] | null;

  @ApiPropertyOptional(dayDoc('Saturday'))
  @IsOptional()
  @DayIntervals()
  sat?: TimeIntervalDto[] | null;

  @ApiPropertyOptional(dayDoc('Sunday'))
  @IsOptional()
  @DayIntervals()
  sun?: TimeIntervalDto[] | null;
}

/**
 * The whole schedule (PUT replaces it): omitted numbers take their defaults. `timezone` is stored
 * on the doctor profile; omitted = unchanged.
 */
export class PutScheduleDto {
  @ApiPropertyOptional({ example: 'Asia/Kolkata', description: 'IANA zone; omitted = unchanged' })
  @IsOptional()
  @IsIanaTimeZone()
  timezone?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: L.slotMinutes.min,
    maximum: L.slotMinutes.max,
    default: D.slotMinutes,
  })
  @IsOptional()
  @IsInt()
  @Min(L.slotMinutes.min)
  @Max(L.slotMinutes.max)
  slotMinutes?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: L.bufferMinutes.min,
    maximum: L.bufferMinutes.max,
    default: D.bufferMinutes,
    description: 'Gap after each slot before the next one starts',
  })
  @IsOptional()
  @IsInt()
  @Min(L.bufferMinutes.min)
  @Max(L.bufferMinutes.max)
  bufferMinutes?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: L.minNoticeMinutes.min,
    maximum: L.minNoticeMinutes.max,
    default: D.minNoticeMinutes,
    description: 'Slots starting sooner than this are not bookable',
  })
  @IsOptional()
  @IsInt()
  @Min(L.minNoticeMinutes.min)
  @Max(L.minNoticeMinutes.max)
  minNoticeMinutes?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: L.maxAdvanceDays.min,
    maximum: L.maxAdvanceDays.max,
    default: D.maxAdvanceDays,
    description: 'Slots are offered up to and including local date today + maxAdvanceDays',
  })
  @IsOptional()
  @IsInt()
  @Min(L.maxAdvanceDays.min)
  @Max(L.maxAdvanceDays.max)
  maxAdvanceDays?: number;

  @ApiProperty({
    type: WeeklyHoursDto,
    example: {
      mon: [
        { start: '09:00', end: '13:00' },
        { start: '14:00', end: '17:00' },
      ],
      tue: [{ start: '09:00', end: '13:00' }],
    },
  })
  @IsObject()
  @ValidateNested()
  @Type(() => WeeklyHoursDto)
  weekly!: WeeklyHoursDto;
}
