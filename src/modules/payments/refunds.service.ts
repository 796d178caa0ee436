import { Injectable, Logger } from '@nestjs/common';
import { Types, type ClientSession } from 'mongoose';
import type { Page } from '../../common/dto/pagination.dto';
import { skipOf } from '../../common/dto/pagination.dto';
import { AppConfig } from '../../config/app-config';
import { TransactionRunner } from '../../database/transaction-runner';
import type { AppointmentCancelledEvent } from '../appointments/appointments.events';
import { AppointmentsService } from '../appointments/appointments.service';
import { statusAfterRefunds } from './domain/payment-status';
import type { RefundResponseDto } from './dto/payment-response.dto';
import { InvoicesService } from './invoices/invoices.service';
import { PaymentEventsPublisher } from './payment-events.publisher';
import { toRefundResponse } from './payment.mapper';
import { PaymentsErrorCode, paymentsError } from './payments.errors';
import { PaymentsRepository, type PaymentRecord } from './payments.repository';
import { describeProviderError } from './providers/provider-charge';
import { RazorpayGateway } from './providers/razorpay.gateway';
import { StripeGateway } from './providers/stripe.gateway';
import { RefundsRepository, type NewRefund, type RefundRecord } from './refunds.repository';
import type { RefundStatus } from './schemas/refund.schema';

const BATCH = 50;

/** The idempotency key of the refund a cancellation owes: one per appointment, ever. */
export const cancellationRefundKey = (appointmentId: string): string =>
  `refund_cancel_${appointmentId}`;
/** The idempotency key of the full refund of a payment that could not be applied. */
export const unappliedRefundKey = (paymentId: string): string => `refund_unapplied_${paymentId}`;

/**
 * Executes refunds so that none is made twice or forgotten: the refund is recorded (pending)
 * before the provider is called, with a deterministic idempotency key; the provider's answer is
 * recorded after. A crash in between leaves a pending refund that the reconciliation job (or an
 * admin) attempts again with the same key, and the provider answers with the refund it already
 * made.
 */
@Injectable()
export class RefundsService {
  private readonly logger = new Logger(RefundsService.name);

  constructor(
    private readonly refunds: RefundsRepository,
    private readonly payments: PaymentsRepository,
    private readonly appointments: AppointmentsService,
    private readonly invoices: InvoicesService,
    private readonly publisher: PaymentEventsPublisher,
    private readonly stripe: StripeGateway,
    private readonly razorpay: RazorpayGateway,
    private readonly tx: TransactionRunner,
    private readonly config: AppConfig,
  ) {}

  /** Records a refund (once per key), in the caller's transaction when given. */
  record(input: NewRefund, session?: ClientSession): Promise<RefundRecord> {
    return this.refunds.ensure(input, session);
  }

  /**
   * The refund a cancellation owes by policy (`refundDue`, minor units) of the payment that
   * paid the booking. Nothing when nothing was paid online.
   */
  async refundCancellation(event: AppointmentCancelledEvent): Promise<RefundRecord | null> {
    if (event.refundDue <= 0) {
      return null;
    }
    const payment = await this.payments.findApplied(event.appointmentId);
    if (!payment || payment.provider === 'clinic') {
      return null;
    }
    const refund = await this.record({
      key: cancellationRefundKey(event.appointmentId),
      paymentId: payment._id,
      appointmentId: payment.appointmentId,
      provider: payment.provider,
      reason: 'cancellation',
      amount: Math.min(event.refundDue, payment.amount),
      currency: payment.currency,
    });
    return this.execute(refund._id);
  }

  /**
   * One attempt at a recorded refund. Returns the refund as it is afterwards; a provider
   * failure leaves it `failed` (with the reason) for a later attempt, never a thrown error.
   */
  async execute(id: Types.ObjectId, now: Date = new Date()): Promise<RefundRecord | null> {
    const lockMs = Math.max(60_000, this.config.PAYMENT_PROVIDER_TIMEOUT_MS * 2);
    const claimed = await this.refunds.claim(id, now, new Date(now.getTime() + lockMs));
    if (!claimed) {
      return this.refunds.findById(id);
    }
    const payment = await this.payments.findById(claimed.paymentId.toHexString());
    if (!payment?.providerPaymentId) {
      return this.failed(id, 'The payment has no provider payment id');
    }
    let providerRefundId: string;
    try {
      providerRefundId = (await this.callProvider(payment, claimed)).id;
    } catch (err) {
      const reason = describeProviderError(err);
      this.logger.warn(`Refund ${id.toHexString()} failed at ${payment.provider}: ${reason}`);
      return this.failed(id, reason);
    }
    return this.recordSucceeded(claimed, payment, providerRefundId, new Date());
  }

  /** Marks the attempt failed and, the first time, tells admins (same transaction). */
  private failed(id: Types.ObjectId, reason: string): Promise<RefundRecord | null> {
    return this.tx.run(async (session) => {
      const r = await this.refunds.markFailed(id, reason, session);
      if (r) {
        await this.publisher.refundFailed(session, {
          refundId: r._id.toHexString(),
          paymentId: r.paymentId.toHexString(),
          appointmentId: r.appointmentId.toHexString(),
          provider: r.provider,
          amount: r.amount,
          currency: r.currency,
          reason: r.reason,
        });
      }
      return r;
    });
  }

  /** Admin: another attempt at a failed (or stuck pending) refund, with the same key. */
  async retry(id: string): Promise<RefundResponseDto> {
    const refund = await this.refunds.findById(id);
    if (!refund) {
      throw paymentsError(PaymentsErrorCode.RefundNotFound, 'Refund not found');
    }
    if (refund.status === 'succeeded') {
      throw paymentsError(PaymentsErrorCode.RefundNotRetryable, 'This refund already succeeded', {
        status: refund.status,
      });
    }
    const after = await this.execute(refund._id);
    return toRefundResponse(after ?? refund);
  }

  async list(query: {
    status?: RefundStatus;
    page: number;
    limit: number;
  }): Promise<Page<RefundResponseDto>> {
    const { items, total } = await this.refunds.listByStatus(
      query.status,
      skipOf(query),
      query.limit,
    );
    return { items: items.map(toRefundResponse), total, page: query.page, limit: query.limit };
  }

  /** Reconciliation: refunds left pending by a crash, or failed, untouched since `before`. */
  async retryUnfinished(before: Date, now: Date = new Date()): Promise<number> {
    const stuck = await this.refunds.findUnfinishedBefore(before, BATCH);
    let done = 0;
    for (const r of stuck) {
      const after = await this.execute(r._id, now);
      if (after?.status === 'succeeded') {
        done += 1;
      }
    }
    return done;
  }

  listForPayments(ids: Types.ObjectId[]): Promise<RefundRecord[]> {
    return this.refunds.listForPayments(ids);
  }

  private callProvider(payment: PaymentRecord, refund: RefundRecord): Promise<{ id: string }> {
    const paymentId = payment.providerPaymentId as string;
    switch (payment.provider) {
      case 'stripe':
        return this.stripe.refund(paymentId, refund.amount, refund.key);
      case 'razorpay':
        return this.razorpay.refund(paymentId, refund.amount, refund.key);
      case 'clinic':
        throw new Error('A clinic payment is refunded at the clinic');
    }
  }

  /**
   * The provider accepted the refund: the refund, the payment's refunded total and status, the
   * appointment's payment state and the credit note commit together, exactly once (only a
   * refund not yet succeeded matches).
   */
  private async recordSucceeded(
    refund: RefundRecord,
    payment: PaymentRecord,
    providerRefundId: string,
    now: Date,
  ): Promise<RefundRecord | null> {
    const appointment = await this.appointments.getById(payment.appointmentId.toHexString());
    return this.tx
      .run(
        async (session) => {
          const current = await this.payments.findById(payment._id.toHexString(), session);
          if (!current) {
            return null;
          }
          const creditNote = current.applied
            ? await this.invoices.issueCreditNote(
                { ...refund, providerRefundId },
                current,
                appointment,
                session,
                now,
              )
            : null;
          const done = await this.refunds.markSucceeded(
            refund._id,
            providerRefundId,
            creditNote?.number ?? null,
            now,
            session,
          );
          if (!done) {
            // Recorded by another attempt meanwhile: abort, so the credit note number is not used.
            throw new RefundAlreadyRecorded();
          }
          const updated = await this.payments.addRefunded(
            current._id,
            refund.amount,
            (refunded) => statusAfterRefunds(current.amount, refunded),
            current,
            session,
          );
          if (updated?.applied) {
            await this.appointments.setPaymentState(
              updated.appointmentId.toHexString(),
              updated.status === 'refunded' ? 'refunded' : 'partially_refunded',
              { refundedAmount: updated.refundedAmount, session },
            );
          }
          await this.publisher.refunded(session, {
            paymentId: current._id.toHexString(),
            appointmentId: current.appointmentId.toHexString(),
            patientId: current.patientId.toHexString(),
            doctorId: current.doctorId.toHexString(),
            provider: current.provider,
            amount: current.amount,
            currency: current.currency,
            refundId: refund._id.toHexString(),
            refundAmount: refund.amount,
            reason: refund.reason,
            creditNoteNumber: creditNote?.number ?? null,
          });
          return done;
        },
        { contended: true },
      )
      .catch(async (err: unknown) => {
        if (err instanceof RefundAlreadyRecorded) {
          return this.refunds.findById(refund._id);
        }
        throw err;
      });
  }
}

class RefundAlreadyRecorded extends Error {}
