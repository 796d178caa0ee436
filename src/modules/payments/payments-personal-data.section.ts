import { Injectable } from '@nestjs/common';
import {
  PersonalDataExporter,
  type PersonalDataSection,
  type PersonalDataSubject,
} from '../../common/privacy/personal-data-section';
import { InvoicesRepository } from './invoices/invoices.repository';
import { toInvoiceDocument, toPaymentResponse } from './payment.mapper';
import { PaymentsRepository } from './payments.repository';
import { RefundsRepository } from './refunds.repository';

/**
 * The payments the user made or attempted, each with its refunds, and their invoices and credit
 * notes. What a doctor received is on their appointments (`paidAmount`, `refundedAmount`).
 * Not exported: `payment_provider_events` (webhook ids and outcomes, no payload, not keyed by
 * user) and `invoice_counters` (numbering).
 */
@PersonalDataExporter()
@Injectable()
export class PaymentsPersonalDataSection implements PersonalDataSection {
  readonly name = 'payments';
  readonly collections = ['payments', 'refunds', 'invoices'] as const;

  constructor(
    private readonly payments: PaymentsRepository,
    private readonly refunds: RefundsRepository,
    private readonly invoices: InvoicesRepository,
  ) {}

  async exportFor({ userId }: PersonalDataSubject) {
    const payments = await this.payments.listAllOfPatient(userId);
    const ids = payments.map((p) => p._id);
    const [refunds, invoices] = await Promise.all([
      this.refunds.listForPayments(ids),
      this.invoices.listForPayments(ids),
    ]);
    return {
      // No Razorpay key id: the export is a record, not a checkout.
      payments: payments.map((p) => toPaymentResponse(p, refunds, null)),
      invoices: invoices.map(toInvoiceDocument),
    };
  }
}
