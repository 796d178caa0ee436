import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';
import { PaginationQueryDto } from '../../../common/dto/pagination.dto';
import { PAYMENT_STATUSES, type PaymentStatus } from '../domain/payment-status';
import { PROVIDERS, type Provider } from '../domain/provider';
import { REFUND_STATUSES, type RefundStatus } from '../schemas/refund.schema';

export class ListPaymentsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: PAYMENT_STATUSES, enumName: 'PaymentStatus' })
  @IsOptional()
  @IsIn(PAYMENT_STATUSES)
  status?: PaymentStatus;

  @ApiPropertyOptional({ enum: PROVIDERS, enumName: 'PaymentProvider' })
  @IsOptional()
  @IsIn(PROVIDERS)
  provider?: Provider;

  @ApiPropertyOptional({ description: 'Created at or after this instant (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Created before this instant (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class ListRefundsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: REFUND_STATUSES, enumName: 'RefundStatus' })
  @IsOptional()
  @IsIn(REFUND_STATUSES)
  status?: RefundStatus;
}
