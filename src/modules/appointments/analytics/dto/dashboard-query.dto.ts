import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, Matches } from 'class-validator';
import { DASHBOARD_LIMITS } from '../domain/dashboard-period';

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = '$property must be a real date written YYYY-MM-DD';

export class DashboardQueryDto {
  @ApiPropertyOptional({
    type: String,
    format: 'date',
    example: '2026-01-01',
    description: `First local date, inclusive. Default: today - ${DASHBOARD_LIMITS.defaultPastDays} days`,
  })
  @IsOptional()
  @Matches(LOCAL_DATE, { message: DATE_MESSAGE })
  @IsISO8601({ strict: true }, { message: DATE_MESSAGE })
  from?: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    example: '2026-03-31',
    description:
      `Last local date, inclusive. Default: today + ${DASHBOARD_LIMITS.defaultFutureDays} days. ` +
      `At most ${DASHBOARD_LIMITS.maxRangeDays} days from..to`,
  })
  @IsOptional()
  @Matches(LOCAL_DATE, { message: DATE_MESSAGE })
  @IsISO8601({ strict: true }, { message: DATE_MESSAGE })
  to?: string;
}
