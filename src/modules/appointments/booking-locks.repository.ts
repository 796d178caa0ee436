import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types, type ClientSession } from 'mongoose';
import { BookingLock } from './schemas/booking-lock.schema';

/** The per-patient lock documents that serialise one patient's booking transactions. */
@Injectable()
export class BookingLocksRepository {
  constructor(@InjectModel(BookingLock.name) private readonly model: Model<BookingLock>) {}

  /**
   * Writes the patient's lock document inside `session`'s transaction. A second transaction of
   * the same patient writing it before this one ends gets a WriteConflict and is retried.
   */
  async bump(patientId: string, session: ClientSession): Promise<void> {
    await this.model
      .updateOne(
        { _id: new Types.ObjectId(patientId) },
        { $inc: { v: 1 } },
        { upsert: true, session },
      )
      .exec();
  }
}
