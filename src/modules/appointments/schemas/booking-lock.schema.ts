import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { SchemaTypes, Types } from 'mongoose';

/**
 * One document per patient, bumped first by every booking or reschedule transaction of that
 * patient. Two concurrent transactions of one patient then write the same document, so MongoDB
 * lets only one commit and the other is retried and sees the first one's appointment: the
 * per-patient rules (no overlap, limited holds) hold even for bookings made from two tabs.
 * Every write of an active appointment's patient or times (insertActive, moveActive) happens in
 * a transaction that took this lock first (BookingService), which is what keeps `busyUntil` true.
 */
@Schema({ collection: 'booking_locks', versionKey: false })
export class BookingLock {
  /** The patient's user id. */
  @Prop({ type: SchemaTypes.ObjectId, required: true })
  _id!: Types.ObjectId;

  @Prop({ type: Number, required: true, default: 0 })
  v!: number;

  /**
   * No active appointment of the patient ends after this instant: every transaction that
   * creates or moves one raises it (it never goes down, so a cancelled appointment can leave it
   * later than needed). A booking that starts at or after it cannot overlap anything, and skips
   * the overlap query. Absent on a lock written before it was kept; the first booking then
   * computes it from the patient's appointments (BookingService.lockPatient).
   */
  @Prop({ type: Date })
  busyUntil?: Date;
}

export const BookingLockSchema = SchemaFactory.createForClass(BookingLock);
