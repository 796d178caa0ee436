import { ApiTag } from '../../common/swagger/api-tags';
import { PaymentsErrorCode } from './payments.errors';
import { Controller, Get, Param, Post, Query } from '@nestjs/common';
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
import { ListPaymentsQueryDto, ListRefundsQueryDto } from './dto/list-payments-query.dto';
import { PaymentResponseDto, RefundResponseDto } from './dto/payment-response.dto';
import { PaymentsService } from './payments.service';
import { RefundsService } from './refunds.service';

@ApiTags(ApiTag.AdminPayments)
@Controller('admin')
@Auth(Role.Admin)
export class AdminPaymentsController {
  constructor(
    private readonly payments: PaymentsService,
    private readonly refunds: RefundsService,
  ) {}

  @Get('payments')
  @ApiOperation({ summary: 'All payments, newest first (filters: status, provider, from, to)' })
  @ApiPageEnvelope(PaymentResponseDto)
  @ApiErrors(400)
  @ResponseMessage('Payments')
  list(@Query() query: ListPaymentsQueryDto): Promise<Page<PaymentResponseDto>> {
    return this.payments.listAll(query);
  }

  @Get('refunds')
  @ApiOperation({ summary: 'Refunds (e.g. status=failed to see those to retry)' })
  @ApiPageEnvelope(RefundResponseDto)
  @ApiErrors(400)
  @ResponseMessage('Refunds')
  listRefunds(@Query() query: ListRefundsQueryDto): Promise<Page<RefundResponseDto>> {
    return this.refunds.list(query);
  }

  @Post('refunds/:id/retry')
  @ApiOperation({
    summary: 'Attempt a failed refund again (same idempotency key, so never twice)',
    description: '422 REFUND_NOT_RETRYABLE when it already succeeded.',
  })
  @ApiEnvelope(RefundResponseDto, { status: 201 })
  @ApiErrors(400, {
    404: [PaymentsErrorCode.RefundNotFound],
    422: [PaymentsErrorCode.RefundNotRetryable],
  })
  @ResponseMessage('Refund attempted')
  retry(@Param('id', ParseObjectIdPipe) id: string): Promise<RefundResponseDto> {
    return this.refunds.retry(id);
  }
}
