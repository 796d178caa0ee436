import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { SchemaTypes, Types } from 'mongoose';

/**
 * One document per patient, bumped first by every booking or reschedule transaction of that
 * patient. Two concurrent transactions of one patient then write the same document, so MongoDB
 * lets only one commit and the other is retried and sees the first one's appointment: the
 * per-patient rules (no overlap, limited holds) hold even for bookings made from two tabs.
 */
@Schema({ collection: 'booking_locks', versionKey: false })
export class BookingLock {
  /** The patient's user id. */
  @Prop({ type: SchemaTypes.ObjectId, required: true })
  _id!: Types.ObjectId;

  @Prop({ type: Number, required: true, default: 0 })
  v!: number;
}

export const BookingLockSchema = SchemaFactory.createForClass(BookingLock);
