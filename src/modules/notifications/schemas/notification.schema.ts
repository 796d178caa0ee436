import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Schema as MongooseSchema, Types } from 'mongoose';

/**
 * One in-app notification of one user, produced by the outbox handler of one event. Unique per
 * (user, key): the key is the event id, or for notifications several events may produce (a
 * booking confirmed when booked or when paid; a reminder per appointment and start time) a key
 * naming the fact, so it exists once whichever event comes first.
 */
@Schema({ collection: 'notifications', versionKey: false })
export class Notification {
  _id!: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  userId!: Types.ObjectId;

  /** Per-user sequence, in commit order (the stream's cursor and Last-Event-ID). */
  @Prop({ type: Number, required: true })
  seq!: number;

  @Prop({ type: String, required: true })
  type!: string;

  @Prop({ type: String, required: true })
  key!: string;

  @Prop({ type: String, required: true })
  title!: string;

  @Prop({ type: String, required: true })
  body!: string;

  @Prop({ type: Date, required: true })
  createdAt!: Date;

  @Prop({ type: Date, default: null })
  readAt!: Date | null;

  /** When MongoDB's TTL monitor removes it (NOTIFICATION_TTL_DAYS after creation). */
  @Prop({ type: Date, required: true })
  expiresAt!: Date;
}

export type NotificationDocument = HydratedDocument<Notification>;
export const NotificationSchema = SchemaFactory.createForClass(Notification);

// Exactly once in effect: one notification per user and fact.
NotificationSchema.index({ userId: 1, key: 1 }, { unique: true, name: 'user_key_unique' });
// The inbox, newest first; and the stream's "after seq" per user.
NotificationSchema.index({ userId: 1, seq: -1 }, { name: 'user_seq' });
// Unread ones (count, ?unread=true, read-all up to a time).
NotificationSchema.index({ userId: 1, readAt: 1, createdAt: -1 }, { name: 'user_read_created' });
NotificationSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0, name: 'ttl_expires' });

/** The last sequence number given to each user's notifications. */
@Schema({ collection: 'notification_counters', versionKey: false })
export class NotificationCounter {
  /** The user id. */
  _id!: Types.ObjectId;

  @Prop({ type: Number, required: true })
  seq!: number;
}

export const NotificationCounterSchema = SchemaFactory.createForClass(NotificationCounter);
