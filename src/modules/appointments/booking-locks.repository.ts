import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types, type ClientSession } from 'mongoose';
import { BookingLock } from './schemas/booking-lock.schema';

/** The per-patient lock documents that serialise one patient's booking transactions. */
@Injectable()
export class BookingLocksRepository {
  constructor(@InjectModel(BookingLock.name) private readonly model: Model<BookingLock>) {}

  /**
   * Writes the patient's lock document inside `session`'s transaction, raising its `busyUntil`
   * to `until` (the end of the appointment the transaction creates or moves). A second
   * transaction of the same patient writing it before this one ends gets a WriteConflict and is
   * retried. Returns `busyUntil` as it was before: null when the lock had none (a first booking,
   * or a lock written before the bound was kept).
   *
   * One driver command (findOneAndUpdate), not Mongoose's query layer: every booking runs it.
   */
  async take(patientId: string, until: Date, session: ClientSession): Promise<Date | null> {
    const before = await this.model.collection.findOneAndUpdate(
      { _id: new Types.ObjectId(patientId) },
      { $inc: { v: 1 }, $max: { busyUntil: until } },
      { upsert: true, session, returnDocument: 'before', projection: { _id: 0, busyUntil: 1 } },
    );
    const bound: unknown = before?.busyUntil;
    return bound instanceof Date ? bound : null;
  }

  /** Raises the patient's `busyUntil` to at least `until`, in the transaction that took the lock. */
  async raise(patientId: string, until: Date, session: ClientSession): Promise<void> {
    await this.model.collection.updateOne(
      { _id: new Types.ObjectId(patientId) },
      { $max: { busyUntil: until } },
      { session },
    );
  }
}
