import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, trusted } from 'mongoose';
import { NOT_BLOCKED, ThrottlerCounter } from './throttler-counter.schema';
import { isDuplicateKey } from '../../database/duplicate-key';

/** The only code that touches the throttler_counters collection. */
@Injectable()
export class ThrottlerCountersRepository {
  constructor(
    @InjectModel(ThrottlerCounter.name) private readonly model: Model<ThrottlerCounter>,
  ) {}

  /** Counts a hit in a live, unblocked window (atomic $inc); null when there is none. */
  incrementLive(key: string, now: Date): Promise<ThrottlerCounter | null> {
    return this.model
      .findOneAndUpdate(
        { _id: key, windowEndsAt: trusted({ $gt: now }), blockedUntil: NOT_BLOCKED },
        { $inc: { hits: 1 } },
        { returnDocument: 'after' },
      )
      .lean<ThrottlerCounter>()
      .exec();
  }

  /** Blocks the window, once: of instances racing past the limit, the first one sets the end. */
  async block(key: string, blockedUntil: Date, expiresAt: Date): Promise<void> {
    await this.model
      .updateOne({ _id: key, blockedUntil: NOT_BLOCKED }, { $set: { blockedUntil, expiresAt } })
      .exec();
  }

  findByKey(key: string): Promise<ThrottlerCounter | null> {
    return this.model.findById(key).lean<ThrottlerCounter>().exec();
  }

  /**
   * Starts a new window with this hit, when there is no document or its window (or block) is
   * over. If another instance started one meanwhile the filter misses and the upsert's insert
   * hits the unique _id: null, and the caller counts into that window instead.
   */
  async startWindow(key: string, now: Date, windowEndsAt: Date): Promise<ThrottlerCounter | null> {
    try {
      return await this.model
        .findOneAndUpdate(
          {
            _id: key,
            $or: [
              { windowEndsAt: trusted({ $lte: now }), blockedUntil: NOT_BLOCKED },
              { blockedUntil: trusted({ $gt: NOT_BLOCKED, $lte: now }) },
            ],
          },
          {
            $set: { hits: 1, windowEndsAt, blockedUntil: NOT_BLOCKED, expiresAt: windowEndsAt },
          },
          { upsert: true, returnDocument: 'after' },
        )
        .lean<ThrottlerCounter>()
        .exec();
    } catch (err) {
      if (isDuplicateKey(err)) {
        return null;
      }
      throw err;
    }
  }
}
