import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Schema as MongooseSchema, Types } from 'mongoose';

export const DELIVERY_STATUSES = ['pending', 'done', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * One event to one handler. Created by the relay's fan-out for every handler the event named at
 * publish time (OutboxEvent.fanOut), so each gets its own attempts, backoff and dead state.
 */
@Schema({ collection: 'outbox_deliveries', versionKey: false, timestamps: true })
export class OutboxDelivery {
  _id!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  eventId!: Types.ObjectId;

  /** The event name (copied so a delivery is readable without its event). */
  @Prop({ type: String, required: true })
  event!: string;

  @Prop({ type: String, required: true })
  handler!: string;

  @Prop({ type: String, required: true, enum: DELIVERY_STATUSES })
  status!: DeliveryStatus;

  /** Attempts started so far (a claim counts as an attempt, so a crash counts too). */
  @Prop({ type: Number, required: true })
  attempts!: number;

  /** When a pending delivery is next due; while claimed, when the claim lapses. */
  @Prop({ type: Date, required: true })
  nextAttemptAt!: Date;

  /** The current claim; marking done or failed requires it, so a lapsed claim cannot. */
  @Prop({ type: String, default: null })
  claim!: string | null;

  @Prop({ type: String, default: null })
  lastError!: string | null;

  @Prop({ type: Date, default: null })
  doneAt!: Date | null;

  createdAt!: Date;
  updatedAt!: Date;
}

export type OutboxDeliveryDocument = HydratedDocument<OutboxDelivery>;
export const OutboxDeliverySchema = SchemaFactory.createForClass(OutboxDelivery);

// The relay's question: pending deliveries of the handlers this instance has, due by now.
OutboxDeliverySchema.index(
  { status: 1, handler: 1, nextAttemptAt: 1 },
  { name: 'status_handler_due' },
);
// The admin list: deliveries in a status, newest first.
OutboxDeliverySchema.index({ status: 1, updatedAt: -1, _id: -1 }, { name: 'status_updated' });
// Deliveries of one event.
OutboxDeliverySchema.index({ eventId: 1, handler: 1 }, { unique: true, name: 'event_handler' });
