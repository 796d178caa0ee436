import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

const trim = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;

/** Patients and doctors; the reason is required from doctors (checked by the service). */
export class CancelAppointmentDto {
  @ApiPropertyOptional({ maxLength: 500, example: 'Travelling that week' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class AdminCancelAppointmentDto {
  @ApiProperty({ minLength: 1, maxLength: 500, example: 'Doctor unavailable (clinic closed)' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason!: string;
}
