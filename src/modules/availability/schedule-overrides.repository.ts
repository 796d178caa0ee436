import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types, trusted, type ClientSession } from 'mongoose';
import { ScheduleOverride } from './schemas/schedule-override.schema';
import { WorkInterval } from './schemas/work-interval.schema';
import { isDuplicateKey } from '../../database/duplicate-key';

export type ScheduleOverrideRecord = ScheduleOverride;

export interface DateRangeFilter {
  from?: string;
  to?: string;
}

/** The only code that touches the `schedule_overrides` collection. */
@Injectable()
export class ScheduleOverridesRepository {
  constructor(
    @InjectModel(ScheduleOverride.name) private readonly model: Model<ScheduleOverride>,
  ) {}

  private rangeFilter(doctorId: string, range: DateRangeFilter): Record<string, unknown> {
    const date: Record<string, string> = {};
    if (range.from) {
      date.$gte = range.from;
    }
    if (range.to) {
      date.$lte = range.to;
    }
    return {
      doctorId: new Types.ObjectId(doctorId),
      ...(range.from || range.to ? { date: trusted(date) } : {}),
    };
  }

  /** Overrides of a doctor whose dates fall in `from..to` (inclusive), by date; uses the unique index. */
  findByDoctorAndDateRange(
    doctorId: string,
    from: string,
    to: string,
  ): Promise<ScheduleOverrideRecord[]> {
    return this.model
      .find(this.rangeFilter(doctorId, { from, to }))
      .sort({ date: 1 })
      .lean<ScheduleOverrideRecord[]>()
      .exec();
  }

  async pageByDoctor(
    doctorId: string,
    range: DateRangeFilter,
    skip: number,
    limit: number,
  ): Promise<{ items: ScheduleOverrideRecord[]; total: number }> {
    const filter = this.rangeFilter(doctorId, range);
    const [items, total] = await Promise.all([
      this.model
        .find(filter)
        .sort({ date: 1 })
        .skip(skip)
        .limit(limit)
        .lean<ScheduleOverrideRecord[]>()
        .exec(),
      this.model.countDocuments(filter).exec(),
    ]);
    return { items, total };
  }

  /**
   * Creates or replaces the override of one date. Two concurrent first writes of the same date
   * can both try to insert; the loser hits the unique index and simply retries as an update.
   */
  async upsert(
    doctorId: string,
    date: string,
    set: { intervals: WorkInterval[]; reason: string | null },
    session?: ClientSession,
  ): Promise<ScheduleOverrideRecord> {
    const write = () =>
      this.model
        .findOneAndUpdate(
          { doctorId: new Types.ObjectId(doctorId), date },
          { $set: set },
          { upsert: true, returnDocument: 'after', runValidators: true, session: session ?? null },
        )
        .lean<ScheduleOverrideRecord>()
        .exec();
    try {
      return await write();
    } catch (err) {
      if (!isDuplicateKey(err)) {
        throw err;
      }
      return await write();
    }
  }

  /** True when an override existed and was removed. */
  async deleteOne(doctorId: string, date: string): Promise<boolean> {
    const res = await this.model.deleteOne({ doctorId: new Types.ObjectId(doctorId), date }).exec();
    return res.deletedCount > 0;
  }

  /** Every override of a doctor, by date (the data export). */
  listAllOfDoctor(doctorId: string): Promise<ScheduleOverrideRecord[]> {
    return this.model
      .find({ doctorId: new Types.ObjectId(doctorId) })
      .sort({ date: 1 })
      .lean<ScheduleOverrideRecord[]>()
      .exec();
  }
}
