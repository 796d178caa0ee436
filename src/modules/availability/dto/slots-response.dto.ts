import { ApiProperty } from '@nestjs/swagger';

export class SlotDto {
  @ApiProperty({ format: 'date-time', example: '2026-03-02T03:30:00.000Z', description: 'UTC' })
  start!: string;

  @ApiProperty({ format: 'date-time', example: '2026-03-02T04:00:00.000Z', description: 'UTC' })
  end!: string;

  @ApiProperty({
    example: '2026-03-02T09:00:00+05:30',
    description: 'Start in the display zone, with its offset',
  })
  localStart!: string;

  @ApiProperty({ example: '2026-03-02T09:30:00+05:30' })
  localEnd!: string;

  @ApiProperty({
    example: true,
    description: 'False when already taken or inside the minimum notice period',
  })
  available!: boolean;
}

export class SlotDayDto {
  @ApiProperty({ format: 'date', example: '2026-03-02', description: "Local date, doctor's zone" })
  date!: string;

  @ApiProperty({ type: [SlotDto], description: '[] when closed, past or beyond the horizon' })
  slots!: SlotDto[];
}

export class SlotsResponseDto {
  @ApiProperty({ example: '665f1c2e8f1b2a0012345678' })
  doctorId!: string;

  @ApiProperty({
    example: 'Asia/Kolkata',
    description: "The doctor's zone (dates are local to it)",
  })
  timezone!: string;

  @ApiProperty({ example: 'Europe/London', description: 'Zone of localStart/localEnd' })
  displayTimezone!: string;

  @ApiProperty({ type: 'integer', example: 30 })
  slotMinutes!: number;

  @ApiProperty({ type: [SlotDayDto], description: 'Every date of the range, in order' })
  days!: SlotDayDto[];
}

export class CompactSlotDayDto {
  @ApiProperty({ format: 'date', example: '2026-03-02', description: "Local date, doctor's zone" })
  date!: string;

  @ApiProperty({
    type: [String],
    example: ['2026-03-02T09:00+05:30', '2026-03-02T09:30+05:30'],
    description:
      'Slot starts in the display zone, to the minute, each with its own UTC offset (so a ' +
      'DST change inside the day is explicit); each slot lasts slotMinutes. [] when closed, ' +
      'past or beyond the horizon',
  })
  starts!: string[];

  @ApiProperty({
    type: [Boolean],
    example: [true, false],
    description: 'available[i] is the availability of starts[i] (as SlotDto.available)',
  })
  available!: boolean[];
}

/**
 * The same slots as SlotsResponseDto in about a fifth of the bytes: one local start per slot
 * instead of four date strings and field names.
 */
export class CompactSlotsResponseDto {
  @ApiProperty({ example: '665f1c2e8f1b2a0012345678' })
  doctorId!: string;

  @ApiProperty({
    example: 'Asia/Kolkata',
    description: "The doctor's zone (dates are local to it)",
  })
  timezone!: string;

  @ApiProperty({ example: 'Asia/Kolkata', description: 'Zone of the starts' })
  displayTimezone!: string;

  @ApiProperty({ type: 'integer', example: 30, description: 'Length of every slot' })
  slotMinutes!: number;

  @ApiProperty({ type: [CompactSlotDayDto], description: 'Every date of the range, in order' })
  days!: CompactSlotDayDto[];
}
