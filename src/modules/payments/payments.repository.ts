import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, trusted, Types, type ClientSession } from 'mongoose';
import type { PaymentStatus } from './domain/payment-status';
import type { OnlineProvider, Provider } from './domain/provider';
import { Payment } from './schemas/payment.schema';

export type PaymentRecord = Payment;
export type NewPayment = Pick<
  Payment,
  | '_id'
  | 'appointmentId'
  | 'patientId'
  | 'doctorId'
  | 'provider'
  | 'status'
  | 'amount'
  | 'currency'
  | 'holdExpiresAt'
> &
  Partial<Pick<Payment, 'applied' | 'paidAt' | 'recordedBy'>>;

export interface PaymentListCriteria {
  status?: PaymentStatus;
  provider?: Provider;
  from?: Date;
  to?: Date;
}

type Filter = Record<string, unknown>;
const oid = (id: string | Types.ObjectId): Types.ObjectId =>
  typeof id === 'string' ? new Types.ObjectId(id) : id;
// A lower bound on createdAt lets every admin list use one of the {…, createdAt} indexes.
const EPOCH = new Date(0);

/** The only code that touches the payments collection. */
@Injectable()
export class PaymentsRepository {
  constructor(@InjectModel(Payment.name) private readonly model: Model<Payment>) {}

  async insert(input: NewPayment, session?: ClientSession): Promise<PaymentRecord> {
    const [doc] = await this.model.create([input], { session: session ?? null });
    return doc.toObject();
  }

  findById(id: string, session?: ClientSession): Promise<PaymentRecord | null> {
    return this.model
      .findById(oid(id))
      .session(session ?? null)
      .lean<PaymentRecord>()
      .exec();
  }

  findByProviderRef(
    provider: OnlineProvider,
    providerRef: string,
    session?: ClientSession,
  ): Promise<PaymentRecord | null> {
    return this.model
      .findOne({ provider, providerRef })
      .session(session ?? null)
      .lean<PaymentRecord>()
      .exec();
  }

  listForAppointment(appointmentId: string): Promise<PaymentRecord[]> {
    return this.model
      .find({ appointmentId: oid(appointmentId) })
      .sort({ createdAt: -1 })
      .lean<PaymentRecord[]>()
      .exec();
  }

  /** The payment that paid the appointment (at most one is ever applied). */
  findApplied(appointmentId: string): Promise<PaymentRecord | null> {
    return this.model
      .findOne({ appointmentId: oid(appointmentId), applied: true })
      .lean<PaymentRecord>()
      .exec();
  }

  /** The clinic payment a patient chose, not recorded by the doctor yet. */
  findAwaitingClinic(appointmentId: string, session: ClientSession): Promise<PaymentRecord | null> {
    return this.model
      .findOne({ appointmentId: oid(appointmentId), provider: 'clinic', status: 'created' })
      .session(session)
      .lean<PaymentRecord>()
      .exec();
  }

  /** The open (not yet paid, failed or expired) attempt of an appointment with a provider. */
  findOpenAttempt(appointmentId: string, provider: Provider): Promise<PaymentRecord | null> {
    return this.model
      .findOne({ appointmentId: oid(appointmentId), provider, status: 'created' })
      .lean<PaymentRecord>()
      .exec();
  }

  /** Stores what the provider returned for a new attempt. */
  setProviderRef(
    id: Types.ObjectId,
    providerRef: string,
    checkoutUrl: string | null,
  ): Promise<PaymentRecord | null> {
    return this.model
      .findOneAndUpdate(
        { _id: id },
        { $set: { providerRef, checkoutUrl } },
        { returnDocument: 'after' },
      )
      .lean<PaymentRecord>()
      .exec();
  }

  /**
   * Moves the payment to `to` only from one of `from`: forward-only, so of racing or replayed
   * events exactly one applies. Null when it was not in one of `from`.
   */
  transition(
    id: Types.ObjectId,
    from: PaymentStatus[],
    to: PaymentStatus,
    set: Partial<Pick<Payment, 'providerPaymentId' | 'paidAt' | 'failureReason'>>,
    session: ClientSession | null,
  ): Promise<PaymentRecord | null> {
    return this.model
      .findOneAndUpdate(
        { _id: id, status: trusted({ $in: from }) },
        { $set: { status: to, ...set } },
        { returnDocument: 'after', session },
      )
      .lean<PaymentRecord>()
      .exec();
  }

  setApplied(
    id: Types.ObjectId,
    applied: boolean,
    invoiceNumber: string | null,
    session: ClientSession,
  ): Promise<PaymentRecord | null> {
    return this.model
      .findOneAndUpdate(
        { _id: id },
        { $set: { applied, invoiceNumber } },
        { returnDocument: 'after', session },
      )
      .lean<PaymentRecord>()
      .exec();
  }

  /** Adds an accepted refund to the payment and sets the status it implies. */
  addRefunded(
    id: Types.ObjectId,
    amount: number,
    statusFor: (refunded: number) => PaymentStatus,
    current: PaymentRecord,
    session: ClientSession,
  ): Promise<PaymentRecord | null> {
    const refunded = (current.refundedAmount ?? 0) + amount;
    return this.model
      .findOneAndUpdate(
        { _id: id, refundedAmount: current.refundedAmount ?? 0 },
        { $set: { refundedAmount: refunded, status: statusFor(refunded) } },
        { returnDocument: 'after', session },
      )
      .lean<PaymentRecord>()
      .exec();
  }

  /** Attempts still open whose hold lapsed by `now`. */
  findOpenWithLapsedHold(now: Date, limit: number): Promise<PaymentRecord[]> {
    return this.model
      .find({ status: 'created', holdExpiresAt: trusted({ $lte: now }) })
      .sort({ holdExpiresAt: 1 })
      .limit(limit)
      .lean<PaymentRecord[]>()
      .exec();
  }

  /** Online attempts still open that were created before `before`. */
  findOpenCreatedBefore(before: Date, limit: number): Promise<PaymentRecord[]> {
    return this.model
      .find({
        status: 'created',
        createdAt: trusted({ $lte: before }),
        provider: trusted({ $in: ['stripe', 'razorpay'] }),
      })
      .sort({ createdAt: 1 })
      .limit(limit)
      .lean<PaymentRecord[]>()
      .exec();
  }

  private listFilter(c: PaymentListCriteria): Filter {
    const filter: Filter = {};
    if (c.status) {
      filter.status = c.status;
    }
    if (c.provider) {
      filter.provider = c.provider;
    }
    const range: Record<string, Date> = { $gte: c.from ?? EPOCH };
    if (c.to) {
      range.$lt = c.to;
    }
    filter.createdAt = trusted(range);
    return filter;
  }

  async list(
    c: PaymentListCriteria,
    skip: number,
    limit: number,
  ): Promise<{ items: PaymentRecord[]; total: number }> {
    const filter = this.listFilter(c);
    const [items, total] = await Promise.all([
      this.model
        .find(filter)
        .sort({ createdAt: -1 })
        .skip(skip)
        .limit(limit)
        .lean<PaymentRecord[]>()
        .exec(),
      this.model.countDocuments(filter).exec(),
    ]);
    return { items, total };
  }

  /** Every payment a patient made or attempted, newest first (the data export; `patient_created`). */
  listAllOfPatient(patientId: string): Promise<PaymentRecord[]> {
    return this.model
      .find({ patientId: oid(patientId) })
      .sort({ createdAt: -1 })
      .lean<PaymentRecord[]>()
      .exec();
  }
}
