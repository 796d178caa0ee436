import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export class JoinWaitlistDto {
  @ApiProperty({ example: '2026-12-10', description: "First local date (doctor's zone)" })
  @IsString()
  @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' })
  from!: string;

  @ApiProperty({ example: '2026-12-12', description: "Last local date (doctor's zone)" })
  @IsString()
  @Matches(DATE, { message: 'to must be a date YYYY-MM-DD' })
  to!: string;

  @ApiPropertyOptional({ example: '09:00', description: 'Earliest slot start, HH:mm local' })
  @IsOptional()
  @IsString()
  @Matches(TIME, { message: 'earliestTime must be HH:mm' })
  earliestTime?: string;

  @ApiPropertyOptional({ example: '12:00', description: 'Latest slot start, HH:mm local' })
  @IsOptional()
  @IsString()
  @Matches(TIME, { message: 'latestTime must be HH:mm' })
  latestTime?: string;
}

export class WaitlistOfferDto {
  @ApiProperty() appointmentId!: string;
  @ApiProperty() startsAt!: Date;
  @ApiProperty() holdExpiresAt!: Date;
}

export class WaitlistEntryDto {
  @ApiProperty() id!: string;
  @ApiProperty() doctorId!: string;
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty({ type: String, nullable: true }) earliestTime!: string | null;
  @ApiProperty({ type: String, nullable: true }) latestTime!: string | null;
  @ApiProperty({ enum: ['waiting', 'offered', 'left', 'expired'] }) status!: string;
  @ApiProperty() joinedAt!: Date;
  @ApiProperty({ type: WaitlistOfferDto, nullable: true }) offer!: WaitlistOfferDto | null;
}

export class WaitlistCountDto {
  @ApiProperty({ description: 'Patients currently waiting' }) count!: number;
}
