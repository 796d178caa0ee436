import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, ValidateBy } from 'class-validator';

export const MAX_PAGE_LIMIT = 100;
const MAX_PAGE = 10_000;

/**
 * One rule and one message for a paging number, so `limit=abc` or `limit=1.5` is told what a
 * valid value is instead of whichever of several range checks happened to fail first.
 */
function IsIntegerFrom(min: number, max: number): PropertyDecorator {
  return ValidateBy({
    name: 'isIntegerFrom',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max,
      defaultMessage: (args) => `${args?.property} must be an integer from ${min} to ${max}`,
    },
  });
}

export class PaginationQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsIntegerFrom(1, MAX_PAGE)
  page: number = 1;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_LIMIT, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsIntegerFrom(1, MAX_PAGE_LIMIT)
  limit: number = 20;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  limit: number;
}

export const skipOf = (q: { page: number; limit: number }): number => (q.page - 1) * q.limit;
