import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsEnum,
  IsIn,
  IsISO8601,
  IsMongoId,
  IsOptional,
  Matches,
} from 'class-validator';
import { PaginationQueryDto } from '../../../common/dto/pagination.dto';
import { AppointmentStatus } from '../domain/appointment-status';
import { WITH_OFFSET } from './book-appointment.dto';

/** `status=a&status=b` and `status=a,b` both give ['a', 'b']. */
const toList = ({ value }: { value: unknown }): unknown => {
  if (typeof value === 'string') {
    return value.split(',').map((s) => s.trim());
  }
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
    return value.flatMap((v: string) => v.split(',').map((s) => s.trim()));
  }
  return value;
};

export const APPOINTMENT_WHEN = ['upcoming', 'past'] as const;
export type AppointmentWhen = (typeof APPOINTMENT_WHEN)[number];

export class ListAppointmentsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({
    enum: AppointmentStatus,
    enumName: 'AppointmentStatus',
    isArray: true,
    description: 'One or more statuses (repeat the parameter or separate with commas)',
  })
  @IsOptional()
  @Transform(toList)
  @ArrayMaxSize(5)
  @IsEnum(AppointmentStatus, { each: true })
  status?: AppointmentStatus[];

  @ApiPropertyOptional({
    enum: APPOINTMENT_WHEN,
    enumName: 'AppointmentWhen',
    description:
      'upcoming: starting now or later, soonest first; past: started before now, latest first. ' +
      'Without it: all, latest first.',
  })
  @IsOptional()
  @IsIn(APPOINTMENT_WHEN)
  when?: AppointmentWhen;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description: 'Starting at or after this instant',
  })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(WITH_OFFSET, { message: 'from must be a date-time with Z or an offset' })
  from?: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description: 'Starting before this instant',
  })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(WITH_OFFSET, { message: 'to must be a date-time with Z or an offset' })
  to?: string;
}

export class AdminListAppointmentsQueryDto extends ListAppointmentsQueryDto {
  @ApiPropertyOptional({ example: '665f1c2e8f1b2a0012345679' })
  @IsOptional()
  @IsMongoId()
  doctorId?: string;

  @ApiPropertyOptional({ example: '665f1c2e8f1b2a001234567a' })
  @IsOptional()
  @IsMongoId()
  patientId?: string;
}
