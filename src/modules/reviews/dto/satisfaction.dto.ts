import { ApiProperty } from '@nestjs/swagger';
import { DashboardRangeDto } from '../../appointments/analytics/dto/dashboard-response.dto';
import { RatingDistributionDto, RatingSummaryDto } from '../../doctors/dto/doctor-response.dto';

export class SatisfactionMonthDto {
  @ApiProperty({ example: '2026-03', description: 'UTC month' })
  month!: string;

  @ApiProperty({ type: 'integer', example: 12 })
  count!: number;

  @ApiProperty({ example: 4.25, description: 'Average rating of the month, two decimals' })
  average!: number;
}

export class SatisfactionDoctorDto {
  @ApiProperty({ example: '665f1c2e8f1b2a0012345678' })
  doctorId!: string;

  @ApiProperty({ type: String, nullable: true, example: 'Dr. Asha Rao' })
  name!: string | null;

  @ApiProperty({ type: 'integer', example: 20 })
  count!: number;

  @ApiProperty({ example: 4.6 })
  average!: number;
}

/** Patient satisfaction: published reviews written in the range. */
export class SatisfactionDto {
  @ApiProperty({ type: 'integer', example: 42 })
  count!: number;

  @ApiProperty({ example: 4.31, description: 'Average rating, two decimals; 0 without reviews' })
  average!: number;

  @ApiProperty({ type: RatingDistributionDto })
  distribution!: RatingDistributionDto;

  @ApiProperty({ type: [SatisfactionMonthDto], description: 'Reviews per UTC month, oldest first' })
  monthly!: SatisfactionMonthDto[];
}

/** The platform's figures add the best and worst rated doctors of the range. */
export class PlatformSatisfactionDto extends SatisfactionDto {
  @ApiProperty({
    type: [SatisfactionDoctorDto],
    description: 'Highest average in the range first (ties: more reviews first), at most 5',
  })
  mostRated!: SatisfactionDoctorDto[];

  @ApiProperty({
    type: [SatisfactionDoctorDto],
    description: 'Lowest average in the range first (ties: more reviews first), at most 5',
  })
  leastRated!: SatisfactionDoctorDto[];
}

/** The doctor dashboard's satisfaction panel. */
export class DoctorSatisfactionDto {
  @ApiProperty({ type: DashboardRangeDto })
  range!: DashboardRangeDto;

  @ApiProperty({
    type: RatingSummaryDto,
    description: 'The rating on the public profile (all time)',
  })
  current!: RatingSummaryDto;

  @ApiProperty({ type: SatisfactionDto, description: 'Published reviews written in the range' })
  inRange!: SatisfactionDto;
}
