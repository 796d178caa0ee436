import { Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../../common/decorators/public.decorator';
import { ResponseMessage } from '../../common/decorators/response-message.decorator';
import { PaymentWebhooksService } from './payment-webhooks.service';
import type { SettlementOutcome } from './payment-settlement.service';

/** Raw bytes of the body: bootstrap mounts a raw parser on these routes for the signatures. */
const rawBodyOf = (req: Request): Buffer =>
  Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);

@ApiExcludeController()
@Controller('payments/webhooks')
export class PaymentWebhooksController {
  constructor(private readonly webhooks: PaymentWebhooksService) {}

  @Post('stripe')
  @Public()
  @HttpCode(200)
  @ResponseMessage('Webhook received')
  async stripe(
    @Req() req: Request,
    @Headers('stripe-signature') signature: string | undefined,
  ): Promise<{ outcome: SettlementOutcome }> {
    return { outcome: await this.webhooks.handleStripe(rawBodyOf(req), signature) };
  }

  @Post('razorpay')
  @Public()
  @HttpCode(200)
  @ResponseMessage('Webhook received')
  async razorpay(
    @Req() req: Request,
    @Headers('x-razorpay-signature') signature: string | undefined,
    @Headers('x-razorpay-event-id') eventId: string | undefined,
  ): Promise<{ outcome: SettlementOutcome }> {
    return {
      outcome: await this.webhooks.handleRazorpay(rawBodyOf(req), signature, eventId),
    };
  }
}
