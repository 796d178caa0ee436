import { ApiTag } from '../../common/swagger/api-tags';
import { PaymentsErrorCode } from './payments.errors';
import { Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiEnvelope, ApiErrors } from '../../common/swagger/api-responses.decorator';
import { WebhookResultDto } from './dto/webhook-result.dto';
import type { Request } from 'express';
import { Public } from '../../common/decorators/public.decorator';
import { ResponseMessage } from '../../common/decorators/response-message.decorator';
import { PaymentWebhooksService } from './payment-webhooks.service';

/** Raw bytes of the body: bootstrap mounts a raw parser on these routes for the signatures. */
const rawBodyOf = (req: Request): Buffer =>
  Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);

@ApiTags(ApiTag.Payments)
@Controller('payments/webhooks')
export class PaymentWebhooksController {
  constructor(private readonly webhooks: PaymentWebhooksService) {}

  @Post('stripe')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Stripe webhook (checkout.session.* events)',
    description:
      'Verified over the raw body with STRIPE_WEBHOOK_SECRET (5-minute tolerance). 400 ' +
      'WEBHOOK_SIGNATURE_INVALID with no effect; a redelivered event answers 200 `duplicate`.',
  })
  @ApiHeader({ name: 'Stripe-Signature', required: true })
  @ApiBody({
    description: 'The Stripe event, as sent',
    schema: {
      type: 'object',
      properties: { id: { type: 'string' }, type: { type: 'string' } },
      additionalProperties: true,
    },
  })
  @ApiEnvelope(WebhookResultDto)
  @ApiErrors(400, { 422: [PaymentsErrorCode.ProviderNotEnabled] })
  @ResponseMessage('Webhook received')
  async stripe(
    @Req() req: Request,
    @Headers('stripe-signature') signature: string | undefined,
  ): Promise<WebhookResultDto> {
    return { outcome: await this.webhooks.handleStripe(rawBodyOf(req), signature) };
  }

  @Post('razorpay')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Razorpay webhook (payment.captured, order.paid, payment.failed)',
    description:
      'Verified over the raw body with RAZORPAY_WEBHOOK_SECRET. 400 WEBHOOK_SIGNATURE_INVALID ' +
      'with no effect; a redelivered event (same X-Razorpay-Event-Id) answers 200 `duplicate`.',
  })
  @ApiHeader({ name: 'X-Razorpay-Signature', required: true })
  @ApiHeader({ name: 'X-Razorpay-Event-Id', required: false })
  @ApiBody({
    description: 'The Razorpay event, as sent',
    schema: {
      type: 'object',
      properties: { event: { type: 'string' } },
      additionalProperties: true,
    },
  })
  @ApiEnvelope(WebhookResultDto)
  @ApiErrors(400, { 422: [PaymentsErrorCode.ProviderNotEnabled] })
  @ResponseMessage('Webhook received')
  async razorpay(
    @Req() req: Request,
    @Headers('x-razorpay-signature') signature: string | undefined,
    @Headers('x-razorpay-event-id') eventId: string | undefined,
  ): Promise<WebhookResultDto> {
    return {
      outcome: await this.webhooks.handleRazorpay(rawBodyOf(req), signature, eventId),
    };
  }
}
