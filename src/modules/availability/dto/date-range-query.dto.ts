import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { PaginationQueryDto } from '../../../common/dto/pagination.dto';
import { IsIanaTimeZone } from '../../../common/validators/timezone.validator';
import { SCHEDULE_LIMITS } from '../domain/schedule-rules';
import { IsLocalDate } from './time-interval.dto';

export class ListScheduleOverridesQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ format: 'date', example: '2026-03-01', description: 'From this date on' })
  @IsOptional()
  @IsLocalDate()
  from?: string;

  @ApiPropertyOptional({ format: 'date', example: '2026-03-31', description: 'Up to this date' })
  @IsOptional()
  @IsLocalDate()
  to?: string;
}

export class SlotsQueryDto {
  @ApiProperty({
    format: 'date',
    example: '2026-03-02',
    description: "First local date (doctor's zone), inclusive",
  })
  @IsLocalDate()
  from!: string;

  @ApiProperty({
    format: 'date',
    example: '2026-03-08',
    description: `Last local date, inclusive; at most ${SCHEDULE_LIMITS.maxRangeDays} days after from`,
  })
  @IsLocalDate()
  to!: string;

  @ApiPropertyOptional({
    example: 'Europe/London',
    description: "Zone for localStart/localEnd; defaults to the doctor's",
  })
  @IsOptional()
  @IsIanaTimeZone()
  tz?: string;
}
