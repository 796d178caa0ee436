import { Injectable, Logger } from '@nestjs/common';
import type { ClientSession } from 'mongoose';
import { isDuplicateKey } from '../../database/duplicate-key';
import { TransactionRunner } from '../../database/transaction-runner';
import { AppointmentsService } from '../appointments/appointments.service';
import { sourcesFor } from './domain/payment-status';
import type { OnlineProvider } from './domain/provider';
import { InvoicesService } from './invoices/invoices.service';
import { PaymentEventsPublisher } from './payment-events.publisher';
import { PaymentsRepository, type PaymentRecord } from './payments.repository';
import { ProviderEventsRepository } from './provider-events.repository';
import type { ProviderCharge } from './providers/provider-charge';
import { RefundsService, unappliedRefundKey } from './refunds.service';
import type { RefundRecord } from './refunds.repository';

export type SettlementOutcome =
  'paid' | 'paid_unapplied' | 'failed' | 'expired' | 'unchanged' | 'duplicate' | 'ignored';

/** A provider event to record once, with what it says about which attempt. */
export interface ProviderEventInput {
  provider: OnlineProvider;
  eventId: string;
  type: string;
  /** Session id (Stripe) or order id (Razorpay); null for events about nothing of ours. */
  providerRef: string | null;
  charge: ProviderCharge | null;
}

/**
 * Applies what a provider says about a payment attempt (from a webhook, the Razorpay checkout
 * verification, or the reconciliation job), in one transaction: the provider event (recorded
 * once), the payment's status (forward only), and for a payment the booking still awaits, the
 * booking's confirmation and the invoice. A payment the booking no longer awaits is recorded
 * with a full refund due, executed right after the commit.
 */
@Injectable()
export class PaymentSettlementService {
  private readonly logger = new Logger(PaymentSettlementService.name);

  constructor(
    private readonly payments: PaymentsRepository,
    private readonly events: ProviderEventsRepository,
    private readonly appointments: AppointmentsService,
    private readonly invoices: InvoicesService,
    private readonly refunds: RefundsService,
    private readonly publisher: PaymentEventsPublisher,
    private readonly tx: TransactionRunner,
  ) {}

  /** A webhook event: recorded once; duplicates change nothing. */
  async applyEvent(input: ProviderEventInput): Promise<SettlementOutcome> {
    try {
      const { outcome, refund } = await this.tx.run(
        async (session) => {
          const payment = input.providerRef
            ? await this.payments.findByProviderRef(input.provider, input.providerRef, session)
            : null;
          const result =
            payment && input.charge
              ? await this.applyInSession(payment, input.charge, session)
              : { outcome: 'ignored' as const, refund: null };
          await this.events.record(
            input.provider,
            input.eventId,
            input.type,
            result.outcome,
            session,
          );
          return result;
        },
        { contended: true },
      );
      await this.afterCommit(refund);
      return outcome;
    } catch (err) {
      if (isDuplicateKey(err) && (await this.events.exists(input.provider, input.eventId))) {
        return 'duplicate';
      }
      throw err;
    }
  }

  /** What the provider says about one attempt, not tied to a webhook event. */
  async applyCharge(payment: PaymentRecord, charge: ProviderCharge): Promise<SettlementOutcome> {
    const { outcome, refund } = await this.tx.run(
      (session) => this.applyInSession(payment, charge, session),
      { contended: true },
    );
    await this.afterCommit(refund);
    return outcome;
  }

  private async applyInSession(
    found: PaymentRecord,
    charge: ProviderCharge,
    session: ClientSession,
  ): Promise<{ outcome: SettlementOutcome; refund: RefundRecord | null }> {
    const now = new Date();
    if (charge.state === 'open') {
      return { outcome: 'unchanged', refund: null };
    }
    if (charge.state === 'failed' || charge.state === 'expired') {
      const moved = await this.payments.transition(
        found._id,
        sourcesFor(charge.state),
        charge.state,
        { failureReason: charge.state },
        session,
      );
      // A declined payment is worth telling the patient (the hold lapses unless they retry);
      // an expired checkout is the patient walking away, not news to them.
      if (moved && charge.state === 'failed') {
        await this.publisher.failed(session, {
          paymentId: moved._id.toHexString(),
          appointmentId: moved.appointmentId.toHexString(),
          patientId: moved.patientId.toHexString(),
          doctorId: moved.doctorId.toHexString(),
          provider: moved.provider,
          amount: moved.amount,
          currency: moved.currency,
          reason: 'failed',
        });
      }
      return { outcome: moved ? charge.state : 'unchanged', refund: null };
    }
    const paid = await this.payments.transition(
      found._id,
      sourcesFor('succeeded'),
      'succeeded',
      { providerPaymentId: charge.providerPaymentId, paidAt: now },
      session,
    );
    if (!paid) {
      return { outcome: 'unchanged', refund: null };
    }
    const base = {
      paymentId: paid._id.toHexString(),
      appointmentId: paid.appointmentId.toHexString(),
      patientId: paid.patientId.toHexString(),
      doctorId: paid.doctorId.toHexString(),
      provider: paid.provider,
      amount: paid.amount,
      currency: paid.currency,
    };
    // Only the stored fee pays a booking; anything else the provider took is given back.
    const exact =
      (charge.amount === null || charge.amount === paid.amount) &&
      (charge.currency === null || charge.currency === paid.currency.toUpperCase());
    const confirmed = exact
      ? await this.appointments.confirmPaid(base.appointmentId, paid.amount, session, now)
      : null;
    if (confirmed) {
      const invoice = await this.invoices.issueInvoice(paid, confirmed, session, now);
      await this.payments.setApplied(paid._id, true, invoice.number, session);
      await this.publisher.succeeded(session, { ...base, invoiceNumber: invoice.number });
      return { outcome: 'paid', refund: null };
    }
    // The booking no longer awaits this money (hold released and perhaps rebooked, or paid by
    // another attempt), or the amount is not the fee: it stays as it is, and the payment is
    // refunded in full.
    await this.payments.setApplied(paid._id, false, null, session);
    const refund = await this.refunds.record(
      {
        key: unappliedRefundKey(base.paymentId),
        paymentId: paid._id,
        appointmentId: paid.appointmentId,
        provider: paid.provider,
        reason: 'unapplied_payment',
        amount: exact ? paid.amount : (charge.amount ?? paid.amount),
        currency: paid.currency,
      },
      session,
    );
    const appointment = await this.appointments.getById(base.appointmentId);
    await this.publisher.unapplied(session, {
      ...base,
      appointmentStatus: appointment.status,
      refundId: refund._id.toHexString(),
    });
    return { outcome: 'paid_unapplied', refund };
  }

  private async afterCommit(refund: RefundRecord | null): Promise<void> {
    if (!refund) {
      return;
    }
    // The refund is recorded; if this attempt fails the reconciliation job makes the next one.
    await this.refunds.execute(refund._id).catch((err: unknown) => {
      this.logger.warn(`Refund ${refund._id.toHexString()} will be retried: ${String(err)}`);
    });
  }
}
