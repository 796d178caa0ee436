import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AppointmentsModule } from '../appointments/appointments.module';
import { UsersModule } from '../users/users.module';
import { AdminPaymentsController } from './admin-payments.controller';
import { InvoicesRepository } from './invoices/invoices.repository';
import { InvoicesService } from './invoices/invoices.service';
import { PaymentEventsPublisher } from './payment-events.publisher';
import { PaymentReconciliationService } from './payment-reconciliation.service';
import { PaymentRefundListener } from './payment-refund.listener';
import { PaymentSettlementService } from './payment-settlement.service';
import { PaymentWebhooksController } from './payment-webhooks.controller';
import { PaymentWebhooksService } from './payment-webhooks.service';
import { PaymentsController } from './payments.controller';
import { PaymentsRepository } from './payments.repository';
import { PaymentsService } from './payments.service';
import { ProviderEventsRepository } from './provider-events.repository';
import { RazorpayGateway } from './providers/razorpay.gateway';
import { StripeGateway } from './providers/stripe.gateway';
import { PaymentsPersonalDataSection } from './payments-personal-data.section';
import { RefundsRepository } from './refunds.repository';
import { RefundsService } from './refunds.service';
import {
  Invoice,
  InvoiceCounter,
  InvoiceCounterSchema,
  InvoiceSchema,
} from './schemas/invoice.schema';
import { Payment, PaymentSchema } from './schemas/payment.schema';
import { ProviderEvent, ProviderEventSchema } from './schemas/provider-event.schema';
import { Refund, RefundSchema } from './schemas/refund.schema';

/** Stripe checkout, Razorpay orders, pay-at-clinic, webhooks, refunds and invoices. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Payment.name, schema: PaymentSchema },
      { name: Refund.name, schema: RefundSchema },
      { name: ProviderEvent.name, schema: ProviderEventSchema },
      { name: Invoice.name, schema: InvoiceSchema },
      { name: InvoiceCounter.name, schema: InvoiceCounterSchema },
    ]),
    AppointmentsModule,
    UsersModule,
  ],
  controllers: [PaymentsController, PaymentWebhooksController, AdminPaymentsController],
  providers: [
    PaymentsRepository,
    RefundsRepository,
    ProviderEventsRepository,
    InvoicesRepository,
    InvoicesService,
    StripeGateway,
    RazorpayGateway,
    PaymentEventsPublisher,
    RefundsService,
    PaymentSettlementService,
    PaymentsService,
    PaymentWebhooksService,
    PaymentRefundListener,
    PaymentReconciliationService,
    PaymentsPersonalDataSection,
  ],
  exports: [PaymentReconciliationService, PaymentsService],
})
export class PaymentsModule {}
