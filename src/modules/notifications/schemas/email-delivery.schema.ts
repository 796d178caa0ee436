import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Schema as MongooseSchema, Types } from 'mongoose';

export const EMAIL_STATUSES = ['pending', 'sent', 'skipped', 'dead'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

/**
 * One e-mail to one recipient for one fact, written by the event's outbox handler and sent by
 * the e-mail job with retries and backoff. Unique per (key, channel, user), so an event handled
 * twice, or two events for one fact, never send two e-mails.
 */
@Schema({ collection: 'notification_emails', versionKey: false, timestamps: true })
export class EmailDelivery {
  _id!: Types.ObjectId;

  @Prop({ type: String, required: true })
  key!: string;

  @Prop({ type: String, required: true })
  channel!: 'email';

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  userId!: Types.ObjectId;

  @Prop({ type: String, required: true })
  type!: string;

  /** The event the e-mail is rendered from, at send time (so it reads the current zone). */
  @Prop({ type: String, required: true })
  eventId!: string;

  @Prop({ type: MongooseSchema.Types.Mixed, required: true })
  payload!: unknown;

  @Prop({ type: String, required: true, enum: EMAIL_STATUSES })
  status!: EmailStatus;

  @Prop({ type: Number, required: true, default: 0 })
  attempts!: number;

  /** When a pending e-mail is next due; while claimed, when the claim lapses. */
  @Prop({ type: Date, required: true })
  nextAttemptAt!: Date;

  @Prop({ type: String, default: null })
  claim!: string | null;

  @Prop({ type: String, required: true })
  messageId!: string;

  @Prop({ type: String, default: null })
  lastError!: string | null;

  /** Why it was not sent (e.g. the appointment was cancelled before its reminder). */
  @Prop({ type: String, default: null })
  skipReason!: string | null;

  @Prop({ type: Date, default: null })
  sentAt!: Date | null;

  createdAt!: Date;
  updatedAt!: Date;
}

export type EmailDeliveryDocument = HydratedDocument<EmailDelivery>;
export const EmailDeliverySchema = SchemaFactory.createForClass(EmailDelivery);

EmailDeliverySchema.index(
  { key: 1, channel: 1, userId: 1 },
  { unique: true, name: 'key_channel_user_unique' },
);
// Erasure of a purged account's e-mails.
EmailDeliverySchema.index({ userId: 1 }, { name: 'user' });
// The sender's question: pending e-mails due by now.
EmailDeliverySchema.index({ status: 1, nextAttemptAt: 1 }, { name: 'status_due' });
// A reschedule skips the pending reminders of its appointment.
EmailDeliverySchema.index({ type: 1, status: 1, key: 1 }, { name: 'type_status_key' });
