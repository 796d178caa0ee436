import type { InvoiceRecord } from './invoices/invoices.repository';
import type { InvoiceDocumentDto } from './dto/invoice-response.dto';
import type { PaymentResponseDto, RefundResponseDto } from './dto/payment-response.dto';
import type { PaymentRecord } from './payments.repository';
import type { RefundRecord } from './refunds.repository';

const isoOrNull = (d: Date | null | undefined): string | null =>
  d ? new Date(d).toISOString() : null;

export function toRefundResponse(r: RefundRecord): RefundResponseDto {
  return {
    id: r._id.toHexString(),
    paymentId: r.paymentId.toHexString(),
    appointmentId: r.appointmentId.toHexString(),
    reason: r.reason,
    amount: r.amount,
    currency: r.currency,
    status: r.status,
    providerRefundId: r.providerRefundId ?? null,
    attempts: r.attempts ?? 0,
    lastError: r.lastError ?? null,
    creditNoteNumber: r.creditNoteNumber ?? null,
    refundedAt: isoOrNull(r.refundedAt),
    createdAt: new Date(r.createdAt).toISOString(),
  };
}

export function toPaymentResponse(
  p: PaymentRecord,
  refunds: RefundRecord[],
  razorpayKeyId: string | null,
): PaymentResponseDto {
  return {
    id: p._id.toHexString(),
    appointmentId: p.appointmentId.toHexString(),
    patientId: p.patientId.toHexString(),
    doctorId: p.doctorId.toHexString(),
    provider: p.provider,
    status: p.status,
    amount: p.amount,
    currency: p.currency,
    refundedAmount: p.refundedAmount ?? 0,
    applied: p.applied ?? null,
    checkoutUrl: p.checkoutUrl ?? null,
    razorpay:
      p.provider === 'razorpay' && p.providerRef && razorpayKeyId !== null
        ? { orderId: p.providerRef, amount: p.amount, currency: p.currency, keyId: razorpayKeyId }
        : null,
    providerRef: p.providerRef ?? null,
    providerPaymentId: p.providerPaymentId ?? null,
    invoiceNumber: p.invoiceNumber ?? null,
    paidAt: isoOrNull(p.paidAt),
    failureReason: p.failureReason ?? null,
    refunds: refunds.filter((r) => r.paymentId.equals(p._id)).map(toRefundResponse),
    createdAt: new Date(p.createdAt).toISOString(),
  };
}

export function toInvoiceDocument(i: InvoiceRecord): InvoiceDocumentDto {
  return {
    number: i.number,
    kind: i.kind,
    refersTo: i.refersTo ?? null,
    issuedAt: new Date(i.issuedAt).toISOString(),
    seller: { name: i.seller.name, email: i.seller.email ?? null, address: i.seller.address },
    patient: { name: i.patient.name, email: i.patient.email ?? null, address: i.patient.address },
    visit: {
      appointmentId: i.visit.appointmentId.toHexString(),
      doctorName: i.visit.doctorName,
      speciality: i.visit.speciality,
      startsAt: new Date(i.visit.startsAt).toISOString(),
      timezone: i.visit.timezone,
    },
    amount: i.amount,
    currency: i.currency,
    provider: i.provider,
    providerReference: i.providerReference ?? null,
  };
}
