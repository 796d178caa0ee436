import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, SchemaTypes, Types } from 'mongoose';
import { PROVIDERS, type Provider } from '../domain/provider';

export const REFUND_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];
export const REFUND_REASONS = ['cancellation', 'unapplied_payment'] as const;
export type RefundReason = (typeof REFUND_REASONS)[number];

/**
 * A refund, recorded before the provider is called and again after it answers. `key` is the
 * deterministic idempotency key sent to the provider, unique here: one refund per cancellation
 * (or per unapplied payment), however often it is attempted.
 */
@Schema({ collection: 'refunds', timestamps: true })
export class Refund {
  _id!: Types.ObjectId;

  @Prop({ type: String, required: true }) key!: string;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) paymentId!: Types.ObjectId;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) appointmentId!: Types.ObjectId;
  @Prop({ type: String, enum: PROVIDERS, required: true }) provider!: Provider;
  @Prop({ type: String, enum: REFUND_REASONS, required: true }) reason!: RefundReason;
  @Prop({ type: Number, required: true }) amount!: number;
  @Prop({ type: String, required: true }) currency!: string;

  @Prop({ type: String, enum: REFUND_STATUSES, required: true }) status!: RefundStatus;
  @Prop({ type: String, default: null }) providerRefundId!: string | null;
  @Prop({ type: Number, default: 0 }) attempts!: number;
  @Prop({ type: String, default: null }) lastError!: string | null;
  @Prop({ type: Date, default: null }) lastAttemptAt!: Date | null;
  /** While an attempt is in flight; another runner waits until then. */
  @Prop({ type: Date, default: null }) lockedUntil!: Date | null;
  @Prop({ type: Date, default: null }) refundedAt!: Date | null;
  @Prop({ type: String, default: null }) creditNoteNumber!: string | null;

  createdAt!: Date;
  updatedAt!: Date;
}

export type RefundDocument = HydratedDocument<Refund>;
export const RefundSchema = SchemaFactory.createForClass(Refund);

RefundSchema.index({ key: 1 }, { name: 'key', unique: true });
RefundSchema.index({ paymentId: 1, createdAt: 1 }, { name: 'payment_created' });
// Admin list of failed refunds, and the reconciliation of refunds pending too long.
RefundSchema.index({ status: 1, updatedAt: 1 }, { name: 'status_updated' });
