import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, SchemaTypes, Types } from 'mongoose';
import { PAYMENT_STATUSES, type PaymentStatus } from '../domain/payment-status';
import { PROVIDERS, type Provider } from '../domain/provider';

/**
 * One payment attempt: a Stripe Checkout Session, a Razorpay order, or a payment recorded at
 * the clinic. Amounts are integer minor units of `currency`, always taken from the
 * appointment's stored fee, never from a client.
 */
@Schema({ collection: 'payments', timestamps: true })
export class Payment {
  _id!: Types.ObjectId;

  @Prop({ type: SchemaTypes.ObjectId, required: true }) appointmentId!: Types.ObjectId;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) patientId!: Types.ObjectId;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) doctorId!: Types.ObjectId;

  @Prop({ type: String, enum: PROVIDERS, required: true }) provider!: Provider;
  @Prop({ type: String, enum: PAYMENT_STATUSES, required: true }) status!: PaymentStatus;

  @Prop({ type: Number, required: true }) amount!: number;
  @Prop({ type: String, required: true }) currency!: string;
  /** Sum of the refunds the provider accepted (minor units). */
  @Prop({ type: Number, default: 0 }) refundedAmount!: number;

  /** Stripe Checkout Session id or Razorpay order id (absent for clinic payments). */
  @Prop({ type: String, default: undefined }) providerRef?: string;
  /** Stripe PaymentIntent id or Razorpay payment id, once paid. */
  @Prop({ type: String, default: null }) providerPaymentId!: string | null;
  /** Stripe Checkout page for this attempt. */
  @Prop({ type: String, default: null }) checkoutUrl!: string | null;

  /** The appointment's hold at creation: when it lapses, an open Stripe session is expired. */
  @Prop({ type: Date, default: null }) holdExpiresAt!: Date | null;

  /**
   * true once the payment paid its appointment; false when it arrived too late (hold released,
   * or another attempt already paid) and is refunded in full instead.
   */
  @Prop({ type: Boolean, default: null }) applied!: boolean | null;

  @Prop({ type: Date, default: null }) paidAt!: Date | null;
  @Prop({ type: String, default: null }) failureReason!: string | null;
  /** Who recorded a clinic payment (doctor or admin). */
  @Prop({ type: SchemaTypes.ObjectId, default: null }) recordedBy!: Types.ObjectId | null;
  @Prop({ type: String, default: null }) invoiceNumber!: string | null;

  createdAt!: Date;
  updatedAt!: Date;
}

export type PaymentDocument = HydratedDocument<Payment>;
export const PaymentSchema = SchemaFactory.createForClass(Payment);

PaymentSchema.index({ appointmentId: 1, createdAt: -1 }, { name: 'appointment_created' });
// A patient's payments (the data export).
PaymentSchema.index({ patientId: 1, createdAt: -1 }, { name: 'patient_created' });
// Webhooks and the Razorpay verification find the attempt by the provider's id.
PaymentSchema.index(
  { provider: 1, providerRef: 1 },
  {
    name: 'provider_ref',
    unique: true,
    partialFilterExpression: { providerRef: { $exists: true } },
  },
);
// At most one payment recorded at the clinic per appointment.
PaymentSchema.index(
  { appointmentId: 1 },
  {
    name: 'one_clinic_payment',
    unique: true,
    partialFilterExpression: { provider: 'clinic' },
  },
);
// At most one open online attempt per appointment and provider: a double click, a retried
// request or two tabs get the same checkout instead of a second one the patient could also pay.
PaymentSchema.index(
  { appointmentId: 1, provider: 1 },
  {
    name: 'one_open_attempt',
    unique: true,
    partialFilterExpression: { status: 'created' },
  },
);
// Admin lists (by status, by provider, by date) and the reconciliation job.
PaymentSchema.index({ status: 1, createdAt: -1 }, { name: 'status_created' });
PaymentSchema.index({ provider: 1, createdAt: -1 }, { name: 'provider_created' });
PaymentSchema.index({ createdAt: -1 }, { name: 'created' });
// Hold release: open attempts whose hold lapsed.
PaymentSchema.index({ status: 1, holdExpiresAt: 1 }, { name: 'status_hold' });
