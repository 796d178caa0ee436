import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PaginationQueryDto } from '../../../common/dto/pagination.dto';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../schemas/outbox-delivery.schema';

export class ListOutboxQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES, default: 'dead' })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status: DeliveryStatus = 'dead';
}

export class OutboxDeliveryDto {
  @ApiProperty({ example: '665f1c2e8f1b2a0012345678', description: 'The delivery id' })
  id!: string;

  @ApiProperty({ example: '665f1c2e8f1b2a0012345679' })
  eventId!: string;

  @ApiProperty({ example: 'appointment.cancelled' })
  event!: string;

  @ApiProperty({ example: 'payments.refund' })
  handler!: string;

  @ApiProperty({ enum: DELIVERY_STATUSES })
  status!: DeliveryStatus;

  @ApiProperty({ example: 3 })
  attempts!: number;

  @ApiProperty({ type: String, format: 'date-time' })
  nextAttemptAt!: string;

  @ApiProperty({ type: String, nullable: true, description: 'The last failure, if any' })
  lastError!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  occurredAt!: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: "The event's payload (null if the event is missing)",
  })
  payload!: Record<string, unknown> | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  doneAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: string;
}
