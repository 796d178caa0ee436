import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsString,
  Matches,
  ValidateBy,
  ValidateNested,
  type ValidationArguments,
} from 'class-validator';
import {
  END_TIME_PATTERN,
  findIntervalProblem,
  isLocalDate,
  SCHEDULE_LIMITS,
  START_TIME_PATTERN,
  type TimeInterval,
} from '../domain/schedule-rules';

/** `[start, end)` in the doctor's local wall-clock time. */
export class TimeIntervalDto {
  @ApiProperty({ example: '09:00', pattern: START_TIME_PATTERN.source, description: '00:00-23:59' })
  @IsString()
  @Matches(START_TIME_PATTERN, { message: 'start must be HH:mm between 00:00 and 23:59' })
  start!: string;

  @ApiProperty({
    example: '13:00',
    pattern: END_TIME_PATTERN.source,
    description: '00:01-24:00; "24:00" is the end of the day. Must be after start.',
  })
  @IsString()
  @Matches(END_TIME_PATTERN, { message: 'end must be HH:mm between 00:01 and 24:00' })
  end!: string;
}

const isIntervalLike = (v: unknown): v is TimeInterval =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as TimeInterval).start === 'string' &&
  typeof (v as TimeInterval).end === 'string';

/**
 * A day's intervals: at most 24, each start < end, none overlapping (touching is fine).
 * Malformed elements are left to the element validators so each problem is reported once.
 */
export function DayIntervals(): PropertyDecorator {
  return applyDecorators(
    IsArray(),
    ArrayMaxSize(SCHEDULE_LIMITS.maxIntervalsPerDay),
    ValidateNested({ each: true }),
    Type(() => TimeIntervalDto),
    ValidateBy({
      name: 'validIntervals',
      validator: {
        validate: (value: unknown) =>
          !Array.isArray(value) || !value.every(isIntervalLike) || !findIntervalProblem(value),
        defaultMessage: (args?: ValidationArguments) => {
          const value: unknown = args?.value;
          const problem =
            Array.isArray(value) && value.every(isIntervalLike) ? findIntervalProblem(value) : null;
          return `${args?.property ?? 'intervals'}: ${problem ?? 'invalid intervals'}`;
        },
      },
    }),
  );
}

/** A real calendar date, YYYY-MM-DD. */
export function IsLocalDate(): PropertyDecorator {
  return ValidateBy({
    name: 'isLocalDate',
    validator: {
      validate: (value: unknown) => isLocalDate(value),
      defaultMessage: (args?: ValidationArguments) =>
        `${args?.property ?? 'date'} must be a real date written YYYY-MM-DD`,
    },
  });
}
