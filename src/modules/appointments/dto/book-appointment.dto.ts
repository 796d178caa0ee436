import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, IsMongoId, IsString, Matches, MaxLength } from 'class-validator';

/** A date-time with an explicit offset: a bare local time would be read in the server's zone. */
export const WITH_OFFSET = /T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

export class BookAppointmentDto {
  @ApiProperty({ example: '665f1c2e8f1b2a0012345679', description: "The doctor's id" })
  @IsString()
  @IsMongoId()
  doctorId!: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    example: '2026-06-10T04:30:00.000Z',
    description:
      'Start instant (with Z or an offset) of one of the slots GET /doctors/{id}/slots lists',
  })
  @IsString()
  @MaxLength(40)
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(WITH_OFFSET, { message: 'startsAt must be a date-time with Z or an offset' })
  startsAt!: string;
}
