import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role } from '../../common/auth/role.enum';
import { ResponseMessage } from '../../common/decorators/response-message.decorator';
import { Auth } from '../../common/decorators/roles.decorator';
import type { Page } from '../../common/dto/pagination.dto';
import { ParseObjectIdPipe } from '../../common/pipes/parse-object-id.pipe';
import {
  ApiEnvelope,
  ApiErrors,
  ApiPageEnvelope,
} from '../../common/swagger/api-responses.decorator';
import { ListOutboxQueryDto, OutboxDeliveryDto } from './dto/outbox-delivery.dto';
import { toOutboxDeliveryResponse } from './outbox.mapper';
import { OutboxService } from './outbox.service';
import { ApiTag } from '../../common/swagger/api-tags';
import { OutboxErrorCode } from './outbox.errors';

@ApiTags(ApiTag.AdminOutbox)
@Auth(Role.Admin)
@Controller('admin/outbox')
export class AdminOutboxController {
  constructor(private readonly outbox: OutboxService) {}

  @Get()
  @ApiOperation({
    summary: 'Deliveries of domain events to their handlers, by status (dead by default)',
    description:
      'A dead delivery failed OUTBOX_MAX_ATTEMPTS times and is no longer retried on its own.',
  })
  @ApiPageEnvelope(OutboxDeliveryDto)
  @ApiErrors(400)
  @ResponseMessage('Outbox deliveries')
  async list(@Query() query: ListOutboxQueryDto): Promise<Page<OutboxDeliveryDto>> {
    const page = await this.outbox.list(query.status, query);
    return { ...page, items: page.items.map(toOutboxDeliveryResponse) };
  }

  @Post(':id/retry')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Retry a dead delivery now, with a fresh count of attempts',
    description: '409 OUTBOX_DELIVERY_NOT_DEAD unless the delivery is dead.',
  })
  @ApiEnvelope(OutboxDeliveryDto)
  @ApiErrors(400, {
    404: [OutboxErrorCode.DeliveryNotFound],
    409: [OutboxErrorCode.DeliveryNotDead],
  })
  @ResponseMessage('Delivery queued')
  async retry(@Param('id', ParseObjectIdPipe) id: string): Promise<OutboxDeliveryDto> {
    return toOutboxDeliveryResponse(await this.outbox.retry(id));
  }
}
