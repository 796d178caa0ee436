import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument } from 'mongoose';

/** "Never blocked in this window": a fixed value keeps the hot filter an equality on _id. */
export const NOT_BLOCKED = new Date(0);

/**
 * One rate-limit window of one client, route and throttler, shared by every app instance so a
 * limit holds in total behind a load balancer rather than once per instance.
 */
@Schema({ collection: 'throttler_counters', versionKey: false })
export class ThrottlerCounter {
  /** The throttler guard's key (a hash of throttler name, route and client). */
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: Number, required: true })
  hits!: number;

  @Prop({ type: Date, required: true })
  windowEndsAt!: Date;

  /** When the client went over the limit, until when it is refused; NOT_BLOCKED otherwise. */
  @Prop({ type: Date, required: true })
  blockedUntil!: Date;

  /** The later of the window's and the block's end: MongoDB's TTL monitor removes the document. */
  @Prop({ type: Date, required: true })
  expiresAt!: Date;
}

export type ThrottlerCounterDocument = HydratedDocument<ThrottlerCounter>;
export const ThrottlerCounterSchema = SchemaFactory.createForClass(ThrottlerCounter);
ThrottlerCounterSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
