import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, SchemaTypes, Types } from 'mongoose';

export type InvoiceKind = 'invoice' | 'credit_note';

@Schema({ _id: false })
export class InvoiceParty {
  @Prop({ type: String, required: true }) name!: string;
  @Prop({ type: String, default: null }) email!: string | null;
  @Prop({ type: [String], default: [] }) address!: string[];
}
const InvoicePartySchema = SchemaFactory.createForClass(InvoiceParty);

@Schema({ _id: false })
export class InvoiceVisit {
  @Prop({ type: SchemaTypes.ObjectId, required: true }) appointmentId!: Types.ObjectId;
  @Prop({ type: String, required: true }) doctorName!: string;
  @Prop({ type: String, default: '' }) speciality!: string;
  @Prop({ type: Date, required: true }) startsAt!: Date;
  @Prop({ type: String, required: true }) timezone!: string;
}
const InvoiceVisitSchema = SchemaFactory.createForClass(InvoiceVisit);

/**
 * An invoice for a successful payment, or a credit note for a refund. Numbers are gap-free per
 * year and series (`INV-2026-000123`, `CN-2026-000004`), allocated in the transaction that
 * records the payment or refund, so an aborted transaction gives its number back.
 */
@Schema({ collection: 'invoices', timestamps: { createdAt: true, updatedAt: false } })
export class Invoice {
  _id!: Types.ObjectId;
  @Prop({ type: String, required: true }) number!: string;
  @Prop({ type: String, enum: ['invoice', 'credit_note'], required: true }) kind!: InvoiceKind;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) paymentId!: Types.ObjectId;
  @Prop({ type: SchemaTypes.ObjectId, default: null }) refundId!: Types.ObjectId | null;
  /** A credit note's invoice. */
  @Prop({ type: String, default: null }) refersTo!: string | null;
  @Prop({ type: Date, required: true }) issuedAt!: Date;
  @Prop({ type: InvoicePartySchema, required: true }) seller!: InvoiceParty;
  @Prop({ type: InvoicePartySchema, required: true }) patient!: InvoiceParty;
  @Prop({ type: InvoiceVisitSchema, required: true }) visit!: InvoiceVisit;
  @Prop({ type: Number, required: true }) amount!: number;
  @Prop({ type: String, required: true }) currency!: string;
  @Prop({ type: String, required: true }) provider!: string;
  @Prop({ type: String, default: null }) providerReference!: string | null;
  createdAt!: Date;
}

export type InvoiceDocument = HydratedDocument<Invoice>;
export const InvoiceSchema = SchemaFactory.createForClass(Invoice);
InvoiceSchema.index({ number: 1 }, { name: 'number', unique: true });
InvoiceSchema.index({ paymentId: 1, kind: 1 }, { name: 'payment_kind' });

/** The last number issued in one series and year; `_id` is e.g. `INV-2026`. */
@Schema({ collection: 'invoice_counters' })
export class InvoiceCounter {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: Number, required: true }) seq!: number;
}
export const InvoiceCounterSchema = SchemaFactory.createForClass(InvoiceCounter);
