import { Injectable } from '@nestjs/common';
import { Types, type ClientSession } from 'mongoose';
import { AppConfig } from '../../../config/app-config';
import type { AppointmentResponseDto } from '../../appointments/dto/appointment-response.dto';
import type { PaymentRecord } from '../payments.repository';
import type { RefundRecord } from '../refunds.repository';
import type { InvoiceKind } from '../schemas/invoice.schema';
import { InvoicesRepository, type InvoiceRecord } from './invoices.repository';

const SERIES: Record<InvoiceKind, string> = { invoice: 'INV', credit_note: 'CN' };
export const PLATFORM_NAME = 'DocBook';

/** `INV-2026-000123`: series, year of issue (UTC), six-digit sequence. */
export function formatNumber(kind: InvoiceKind, year: number, seq: number): string {
  return `${SERIES[kind]}-${year}-${String(seq).padStart(6, '0')}`;
}

/** Issues invoices for payments and credit notes for refunds, inside the caller's transaction. */
@Injectable()
export class InvoicesService {
  constructor(
    private readonly invoices: InvoicesRepository,
    private readonly config: AppConfig,
  ) {}

  async issueInvoice(
    payment: PaymentRecord,
    appointment: AppointmentResponseDto,
    session: ClientSession,
    now: Date,
  ): Promise<InvoiceRecord> {
    return this.issue('invoice', payment, appointment, null, payment.amount, session, now);
  }

  async issueCreditNote(
    refund: RefundRecord,
    payment: PaymentRecord,
    appointment: AppointmentResponseDto,
    session: ClientSession,
    now: Date,
  ): Promise<InvoiceRecord> {
    return this.issue('credit_note', payment, appointment, refund, refund.amount, session, now);
  }

  async forPayment(
    paymentId: Types.ObjectId,
  ): Promise<{ invoice: InvoiceRecord | null; creditNotes: InvoiceRecord[] }> {
    const [invoices, creditNotes] = await Promise.all([
      this.invoices.findForPayment(paymentId, 'invoice'),
      this.invoices.findForPayment(paymentId, 'credit_note'),
    ]);
    return { invoice: invoices[0] ?? null, creditNotes };
  }

  private async issue(
    kind: InvoiceKind,
    payment: PaymentRecord,
    a: AppointmentResponseDto,
    refund: RefundRecord | null,
    amount: number,
    session: ClientSession,
    now: Date,
  ): Promise<InvoiceRecord> {
    const year = now.getUTCFullYear();
    const seq = await this.invoices.nextSeq(`${SERIES[kind]}-${year}`, session);
    return this.invoices.insert(
      {
        number: formatNumber(kind, year, seq),
        kind,
        paymentId: payment._id,
        refundId: refund?._id ?? null,
        refersTo: kind === 'credit_note' ? payment.invoiceNumber : null,
        issuedAt: now,
        seller: { name: PLATFORM_NAME, email: null, address: [this.config.PUBLIC_BASE_URL] },
        patient: { name: a.patient.name, email: a.patient.email, address: [] },
        visit: {
          appointmentId: new Types.ObjectId(a.id),
          doctorName: a.doctor.name,
          speciality: a.doctor.specialityName || a.doctor.speciality,
          startsAt: new Date(a.startsAt),
          timezone: a.doctor.timezone,
        },
        amount,
        currency: payment.currency,
        provider: payment.provider,
        providerReference:
          kind === 'credit_note'
            ? (refund?.providerRefundId ?? null)
            : (payment.providerPaymentId ?? payment.providerRef ?? null),
      },
      session,
    );
  }
}
