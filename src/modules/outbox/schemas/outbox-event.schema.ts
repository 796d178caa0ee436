import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Schema as MongooseSchema, Types } from 'mongoose';

/** A domain event, written in the transaction of the change it describes. */
@Schema({ collection: 'outbox_events', versionKey: false })
export class OutboxEvent {
  _id!: Types.ObjectId;

  @Prop({ type: String, required: true })
  name!: string;

  @Prop({ type: MongooseSchema.Types.Mixed, required: true })
  payload!: unknown;

  /** Optional dedupe key: one event per key, ever. */
  @Prop({ type: String })
  key?: string;

  @Prop({ type: Date, required: true })
  occurredAt!: Date;

  /**
   * The handlers subscribed when the event was published, until the relay has created their
   * deliveries (then absent): publishing writes this one document, and the relay fans events
   * out in batches (OutboxService.fanOut), each batch in one transaction with its deliveries.
   */
  @Prop({ type: [String], default: undefined })
  fanOut?: string[];
}

export type OutboxEventDocument = HydratedDocument<OutboxEvent>;
export const OutboxEventSchema = SchemaFactory.createForClass(OutboxEvent);

OutboxEventSchema.index({ key: 1 }, { unique: true, sparse: true, name: 'key_unique' });
// The relay's first question: events whose deliveries are not created yet, oldest first.
OutboxEventSchema.index(
  { occurredAt: 1, _id: 1 },
  { name: 'fan_out_pending', partialFilterExpression: { fanOut: { $exists: true } } },
);
