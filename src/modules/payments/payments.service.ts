import { Injectable, Logger } from '@nestjs/common';
import { Types } from 'mongoose';
import { Role } from '../../common/auth/role.enum';
import type { AuthUser } from '../../common/auth/auth-user';
import { skipOf, type Page } from '../../common/dto/pagination.dto';
import { AppError, ErrorKind } from '../../common/errors/app-error';
import { AppConfig } from '../../config/app-config';
import { isDuplicateKey } from '../../database/duplicate-key';
import { TransactionRunner } from '../../database/transaction-runner';
import { AppointmentsService } from '../appointments/appointments.service';
import { AppointmentStatus } from '../appointments/domain/appointment-status';
import type { AppointmentResponseDto } from '../appointments/dto/appointment-response.dto';
import { PAYABLE } from './domain/payment-status';
import type { Provider } from './domain/provider';
import type { InvoiceResponseDto } from './dto/invoice-response.dto';
import type { CreatePaymentResponseDto, PaymentResponseDto } from './dto/payment-response.dto';
import { InvoicesService } from './invoices/invoices.service';
import { toInvoiceDocument, toPaymentResponse } from './payment.mapper';
import { PaymentSettlementService } from './payment-settlement.service';
import { PaymentsErrorCode, paymentsError } from './payments.errors';
import {
  PaymentsRepository,
  type PaymentListCriteria,
  type NewPayment,
  type PaymentRecord,
} from './payments.repository';
import { chargeOfPayment, RazorpayGateway } from './providers/razorpay.gateway';
import { ProviderCallError } from './providers/provider-charge';
import { StripeGateway } from './providers/stripe.gateway';
import { RefundsService } from './refunds.service';

const unavailable = (provider: string) =>
  new AppError(
    ErrorKind.Unavailable,
    PaymentsErrorCode.ProviderUnavailable,
    `${provider} could not be reached; try again shortly`,
    undefined,
    5,
  );

const paymentNotFound = () => paymentsError(PaymentsErrorCode.PaymentNotFound, 'Payment not found');

/**
 * Payment attempts as patients, doctors and admins see them. Starting an attempt records it
 * before the provider is called; whether it is paid is only ever decided by what the provider
 * says (webhooks, a server-side fetch), never by the client.
 */
@Injectable()
export class PaymentsService {
  private readonly logger = new Logger(PaymentsService.name);

  constructor(
    private readonly payments: PaymentsRepository,
    private readonly appointments: AppointmentsService,
    private readonly settlement: PaymentSettlementService,
    private readonly refunds: RefundsService,
    private readonly invoices: InvoicesService,
    private readonly stripe: StripeGateway,
    private readonly razorpay: RazorpayGateway,
    private readonly tx: TransactionRunner,
    private readonly config: AppConfig,
  ) {}

  /** Patient: a new payment attempt for their pending booking. */
  async create(
    user: AuthUser,
    input: {
      appointmentId: string;
      provider: Provider;
      /**
       * Stripe: where Checkout sends the browser instead of the configured URLs. The caller
       * must have checked them (an adapter builds them from an allowed origin), never a
       * client's free choice.
       */
      redirect?: { successUrl: string; cancelUrl: string };
    },
    now: Date = new Date(),
  ): Promise<CreatePaymentResponseDto> {
    if (!this.config.paymentProviderEnabled(input.provider)) {
      throw paymentsError(
        PaymentsErrorCode.ProviderNotEnabled,
        `Payment provider ${input.provider} is not enabled`,
        { enabled: this.config.PAYMENT_PROVIDERS },
      );
    }
    // Someone else's booking is a 404, exactly like an unknown one.
    const appointment = await this.appointments.getForUser(user, input.appointmentId);
    assertAwaitingPayment(appointment, now);
    if (input.provider === 'clinic') {
      return this.chooseClinic(user, appointment, now);
    }
    const open = await this.openAttempt(appointment.id, input.provider, now);
    if (open) {
      return { paymentId: open._id.toHexString(), ...this.toResponse(open, []) };
    }
    const payment = await this.insertAttempt({
      _id: new Types.ObjectId(),
      appointmentId: new Types.ObjectId(appointment.id),
      patientId: new Types.ObjectId(appointment.patientId),
      doctorId: new Types.ObjectId(appointment.doctorId),
      provider: input.provider,
      status: 'created',
      amount: appointment.fee.amount,
      currency: appointment.fee.currency,
      holdExpiresAt: appointment.holdExpiresAt ? new Date(appointment.holdExpiresAt) : null,
    });
    const paymentId = payment._id.toHexString();
    let updated: PaymentRecord | null;
    try {
      if (input.provider === 'stripe') {
        const session = await this.stripe.createCheckoutSession({
          paymentId,
          appointmentId: appointment.id,
          amount: payment.amount,
          currency: payment.currency,
          description: `Appointment with ${appointment.doctor.name}`,
          customerEmail: appointment.patient.email,
          successUrl: input.redirect?.successUrl,
          cancelUrl: input.redirect?.cancelUrl,
        });
        updated = await this.payments.setProviderRef(payment._id, session.id, session.url);
      } else {
        const order = await this.razorpay.createOrder({
          paymentId,
          appointmentId: appointment.id,
          amount: payment.amount,
          currency: payment.currency,
        });
        updated = await this.payments.setProviderRef(payment._id, order.id, null);
      }
    } catch (err) {
      if (!(err instanceof ProviderCallError)) {
        throw err;
      }
      this.logger.warn(`Could not start a ${input.provider} payment: ${err.message}`);
      await this.payments.transition(
        payment._id,
        ['created'],
        'failed',
        { failureReason: 'provider_unavailable' },
        null,
      );
      throw unavailable(input.provider);
    }
    const dto = this.toResponse(updated ?? payment, []);
    return { paymentId, ...dto };
  }

  /**
   * The attempt already open for this appointment and provider, which the client gets again
   * (its checkout is still valid while the hold lasts): null when there is none. One still being
   * started by another request is a 409 the client retries; one left without a provider
   * reference for longer than any provider call takes (its process died mid-request) is closed
   * so a new one can start.
   */
  private async openAttempt(
    appointmentId: string,
    provider: Provider,
    now: Date,
  ): Promise<PaymentRecord | null> {
    const open = await this.payments.findOpenAttempt(appointmentId, provider);
    if (!open || open.providerRef) {
      return open;
    }
    // Longer than a provider call may take with the SDK's retries.
    const abandonedAfterMs = 4 * this.config.PAYMENT_PROVIDER_TIMEOUT_MS;
    if (now.getTime() - open.createdAt.getTime() < abandonedAfterMs) {
      throw attemptInProgress();
    }
    await this.payments.transition(
      open._id,
      ['created'],
      'failed',
      { failureReason: 'abandoned' },
      null,
    );
    return null;
  }

  private async insertAttempt(input: NewPayment): Promise<PaymentRecord> {
    try {
      return await this.payments.insert(input);
    } catch (err) {
      // Another request opened the attempt between our look and our insert.
      if (isDuplicateKey(err)) {
        throw attemptInProgress();
      }
      throw err;
    }
  }

  /**
   * The patient pays at the clinic instead: the hold becomes a confirmed booking and a clinic
   * payment awaits the doctor's record, in one transaction.
   */
  private async chooseClinic(
    user: AuthUser,
    appointment: AppointmentResponseDto,
    now: Date,
  ): Promise<CreatePaymentResponseDto> {
    const payment = await this.tx
      .run(async (session) => {
        const confirmed = await this.appointments.choosePayAtClinic(
          appointment.id,
          user.id,
          session,
          now,
        );
        if (!confirmed) {
          throw notAwaitingPayment(appointment);
        }
        return this.payments.insert(
          {
            _id: new Types.ObjectId(),
            appointmentId: new Types.ObjectId(appointment.id),
            patientId: new Types.ObjectId(appointment.patientId),
            doctorId: new Types.ObjectId(appointment.doctorId),
            provider: 'clinic',
            status: 'created',
            amount: appointment.fee.amount,
            currency: appointment.fee.currency,
            holdExpiresAt: null,
          },
          session,
        );
      })
      .catch((err: unknown) => {
        if (isDuplicateKey(err)) {
          throw notAwaitingPayment(appointment);
        }
        throw err;
      });
    return { paymentId: payment._id.toHexString(), ...this.toResponse(payment, []) };
  }

  async getForUser(user: AuthUser, id: string): Promise<PaymentResponseDto> {
    const payment = await this.getInScope(user, id);
    return this.toResponse(payment, await this.refunds.listForPayments([payment._id]));
  }

  async listForAppointment(user: AuthUser, appointmentId: string): Promise<PaymentResponseDto[]> {
    if (user.role === Role.Admin) {
      await this.appointments.getById(appointmentId);
    } else {
      await this.appointments.getForUser(user, appointmentId);
    }
    const items = await this.payments.listForAppointment(appointmentId);
    const refunds = await this.refunds.listForPayments(items.map((p) => p._id));
    return items.map((p) => this.toResponse(p, refunds));
  }

  async listAll(query: {
    status?: PaymentListCriteria['status'];
    provider?: Provider;
    from?: string;
    to?: string;
    page: number;
    limit: number;
  }): Promise<Page<PaymentResponseDto>> {
    const from = query.from ? new Date(query.from) : undefined;
    const to = query.to ? new Date(query.to) : undefined;
    if (from && to && from >= to) {
      throw paymentsError(PaymentsErrorCode.InvalidDateRange, 'from must be before to');
    }
    const { items, total } = await this.payments.list(
      { status: query.status, provider: query.provider, from, to },
      skipOf(query),
      query.limit,
    );
    const refunds = await this.refunds.listForPayments(items.map((p) => p._id));
    return {
      items: items.map((p) => this.toResponse(p, refunds)),
      total,
      page: query.page,
      limit: query.limit,
    };
  }

  /**
   * Patient, after Razorpay Checkout: the signature is checked against the order id we stored
   * (never the client's), then Razorpay itself is asked whether the payment was captured.
   */
  async verifyRazorpay(
    user: AuthUser,
    input: { razorpay_order_id: string; razorpay_payment_id: string; razorpay_signature: string },
  ): Promise<PaymentResponseDto> {
    if (!this.config.paymentProviderEnabled('razorpay')) {
      throw paymentsError(PaymentsErrorCode.ProviderNotEnabled, 'Razorpay is not enabled');
    }
    const payment = await this.payments.findByProviderRef('razorpay', input.razorpay_order_id);
    if (!payment || payment.patientId.toHexString() !== user.id) {
      throw paymentNotFound();
    }
    const storedOrderId = payment.providerRef as string;
    if (
      !this.razorpay.verifyCheckoutSignature(
        storedOrderId,
        input.razorpay_payment_id,
        input.razorpay_signature,
      )
    ) {
      throw paymentsError(PaymentsErrorCode.SignatureInvalid, 'The payment signature is not valid');
    }
    let fetched;
    try {
      fetched = await this.razorpay.fetchPayment(input.razorpay_payment_id);
    } catch (err) {
      if (err instanceof ProviderCallError) {
        throw unavailable('razorpay');
      }
      throw err;
    }
    if (fetched.order_id !== storedOrderId) {
      throw paymentsError(PaymentsErrorCode.SignatureInvalid, 'The payment is not for this order');
    }
    await this.settlement.applyCharge(payment, chargeOfPayment(fetched));
    return this.getForUser(user, payment._id.toHexString());
  }

  /**
   * Patient, back from Stripe Checkout: Stripe itself is asked about each open Checkout Session
   * of the booking, and what it says is applied through the same settlement as the webhook
   * (so a later webhook for the same payment changes nothing). What the browser says about
   * the outcome is never used. Answers the booking as it is afterwards.
   */
  async confirmStripeCheckout(
    user: AuthUser,
    appointmentId: string,
  ): Promise<AppointmentResponseDto> {
    if (!this.config.paymentProviderEnabled('stripe')) {
      throw paymentsError(PaymentsErrorCode.ProviderNotEnabled, 'Stripe is not enabled');
    }
    // Someone else's booking is a 404, exactly like an unknown one.
    await this.appointments.getForUser(user, appointmentId);
    const attempts = await this.payments.listForAppointment(appointmentId);
    for (const p of attempts) {
      if (p.provider !== 'stripe' || !p.providerRef || !PAYABLE.includes(p.status)) {
        continue;
      }
      let charge;
      try {
        charge = await this.stripe.getSession(p.providerRef);
      } catch (err) {
        if (err instanceof ProviderCallError) {
          throw unavailable('stripe');
        }
        throw err;
      }
      await this.settlement.applyCharge(p, charge);
    }
    return this.appointments.getForUser(user, appointmentId);
  }

  /**
   * Doctor (of the appointment) or admin: the patient paid at the clinic. Recorded once per
   * appointment (a unique index), with its invoice, in one transaction.
   */
  async recordClinicPayment(
    user: AuthUser,
    appointmentId: string,
    now: Date = new Date(),
  ): Promise<PaymentResponseDto> {
    const appointment =
      user.role === Role.Admin
        ? await this.appointments.getById(appointmentId)
        : await this.appointments.getForUser(user, appointmentId);
    if (user.role === Role.Patient) {
      throw paymentsError(
        PaymentsErrorCode.ClinicPaymentNotPermitted,
        'Only the doctor or an admin records a payment at the clinic',
      );
    }
    const payable = [AppointmentStatus.Confirmed, AppointmentStatus.Completed];
    if (appointment.paymentState !== 'pay_at_clinic' || !payable.includes(appointment.status)) {
      throw paymentsError(
        PaymentsErrorCode.ClinicPaymentNotAllowed,
        'This appointment is not payable at the clinic',
        { status: appointment.status, paymentState: appointment.paymentState },
      );
    }
    try {
      const payment = await this.tx.run(
        async (session) => {
          const awaiting = await this.payments.findAwaitingClinic(appointment.id, session);
          const inserted = awaiting
            ? await this.payments.transition(
                awaiting._id,
                ['created'],
                'succeeded',
                { paidAt: now },
                session,
              )
            : null;
          if (awaiting && !inserted) {
            throw clinicRecorded();
          }
          const recorded =
            inserted ??
            (await this.payments.insert(
              {
                _id: new Types.ObjectId(),
                appointmentId: new Types.ObjectId(appointment.id),
                patientId: new Types.ObjectId(appointment.patientId),
                doctorId: new Types.ObjectId(appointment.doctorId),
                provider: 'clinic',
                status: 'succeeded',
                amount: appointment.fee.amount,
                currency: appointment.fee.currency,
                holdExpiresAt: null,
                applied: true,
                paidAt: now,
                recordedBy: new Types.ObjectId(user.id),
              },
              session,
            ));
          if (
            !(await this.appointments.recordClinicPaid(appointment.id, recorded.amount, session))
          ) {
            throw clinicRecorded();
          }
          const invoice = await this.invoices.issueInvoice(recorded, appointment, session, now);
          return this.payments.setApplied(recorded._id, true, invoice.number, session);
        },
        { contended: true },
      );
      return this.toResponse(payment as PaymentRecord, []);
    } catch (err) {
      if (isDuplicateKey(err)) {
        throw clinicRecorded();
      }
      throw err;
    }
  }

  /** The invoice of a payment with its credit notes: the patient, the doctor and admins. */
  async invoiceFor(user: AuthUser, id: string): Promise<InvoiceResponseDto> {
    const payment = await this.getInScope(user, id);
    const { invoice, creditNotes } = await this.invoices.forPayment(payment._id);
    if (!invoice) {
      throw paymentsError(PaymentsErrorCode.InvoiceNotFound, 'This payment has no invoice');
    }
    return { ...toInvoiceDocument(invoice), creditNotes: creditNotes.map(toInvoiceDocument) };
  }

  private async getInScope(user: AuthUser, id: string): Promise<PaymentRecord> {
    const payment = await this.payments.findById(id);
    if (!payment) {
      throw paymentNotFound();
    }
    const mine =
      user.role === Role.Admin ||
      payment.patientId.toHexString() === user.id ||
      payment.doctorId.toHexString() === user.id;
    if (!mine) {
      throw paymentNotFound();
    }
    return payment;
  }

  private toResponse(
    p: PaymentRecord,
    refunds: Parameters<typeof toPaymentResponse>[1],
  ): PaymentResponseDto {
    return toPaymentResponse(
      p,
      refunds,
      this.config.paymentProviderEnabled('razorpay') ? this.razorpay.keyId : null,
    );
  }
}

const attemptInProgress = () =>
  paymentsError(
    PaymentsErrorCode.AttemptInProgress,
    'A payment for this appointment is being started; try again in a moment',
  );

const clinicRecorded = () =>
  paymentsError(
    PaymentsErrorCode.ClinicPaymentRecorded,
    'The clinic payment of this appointment is already recorded',
  );

const notAwaitingPayment = (a: AppointmentResponseDto) =>
  paymentsError(PaymentsErrorCode.NotAwaitingPayment, 'This appointment is not awaiting payment', {
    status: a.status,
    paymentState: a.paymentState,
  });

function assertAwaitingPayment(a: AppointmentResponseDto, now: Date): void {
  const live = a.holdExpiresAt !== null && new Date(a.holdExpiresAt).getTime() > now.getTime();
  if (a.status !== AppointmentStatus.Pending || a.paymentState !== 'unpaid' || !live) {
    throw notAwaitingPayment(a);
  }
}
