import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument } from 'mongoose';
import { PROVIDERS, type Provider } from '../domain/provider';

/**
 * A webhook event a provider sent, recorded once: `_id` is `<provider>:<event id>`, so a
 * redelivery collides on the primary key inside the transaction that applies the event.
 */
@Schema({
  collection: 'payment_provider_events',
  timestamps: { createdAt: true, updatedAt: false },
})
export class ProviderEvent {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: String, enum: PROVIDERS, required: true }) provider!: Provider;
  @Prop({ type: String, required: true }) type!: string;
  /** What applying it did: paid, failed, expired, ignored. */
  @Prop({ type: String, required: true }) outcome!: string;
  createdAt!: Date;
}

export type ProviderEventDocument = HydratedDocument<ProviderEvent>;
export const ProviderEventSchema = SchemaFactory.createForClass(ProviderEvent);
