import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { CalendarFeed } from './schemas/calendar-feed.schema';

export type CalendarFeedRecord = CalendarFeed;

/** The only code that touches the calendar_feeds collection. */
@Injectable()
export class CalendarRepository {
  constructor(@InjectModel(CalendarFeed.name) private readonly model: Model<CalendarFeed>) {}

  /** Creates the user's feed or replaces its token: one atomic upsert on the unique userId. */
  async upsert(userId: string, role: CalendarFeed['role'], tokenHash: string): Promise<void> {
    await this.model
      .updateOne(
        { userId: new Types.ObjectId(userId) },
        { $set: { tokenHash, role } },
        { upsert: true },
      )
      .exec();
  }

  findByTokenHash(tokenHash: string): Promise<CalendarFeedRecord | null> {
    return this.model.findOne({ tokenHash }).lean<CalendarFeedRecord>().exec();
  }

  /** true when a feed was removed. */
  async removeForUser(userId: string): Promise<boolean> {
    const res = await this.model.deleteOne({ userId: new Types.ObjectId(userId) }).exec();
    return res.deletedCount > 0;
  }

  /** The user's feed without its token hash (the data export). */
  findByUser(userId: string): Promise<Omit<CalendarFeedRecord, 'tokenHash'> | null> {
    return this.model
      .findOne({ userId: new Types.ObjectId(userId) })
      .select('-tokenHash')
      .lean<Omit<CalendarFeedRecord, 'tokenHash'>>()
      .exec();
  }
}
