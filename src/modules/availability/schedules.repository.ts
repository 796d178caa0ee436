import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import type { TimeInterval, Weekday } from './domain/schedule-rules';
import { Schedule } from './schemas/schedule.schema';

export type ScheduleRecord = Schedule;

export interface ScheduleFields {
  slotMinutes: number;
  bufferMinutes: number;
  minNoticeMinutes: number;
  maxAdvanceDays: number;
  weekly: Record<Weekday, TimeInterval[]>;
}

/** The only code that touches the `schedules` collection. */
@Injectable()
export class SchedulesRepository {
  constructor(@InjectModel(Schedule.name) private readonly model: Model<Schedule>) {}

  findByDoctor(doctorId: string): Promise<ScheduleRecord | null> {
    return this.model.findById(new Types.ObjectId(doctorId)).lean<ScheduleRecord>().exec();
  }

  /** Creates or replaces the doctor's schedule (keyed by _id, so races cannot duplicate it). */
  async replace(doctorId: string, fields: ScheduleFields): Promise<ScheduleRecord> {
    const doc = await this.model
      .findOneAndUpdate(
        { _id: new Types.ObjectId(doctorId) },
        { $set: fields },
        { upsert: true, returnDocument: 'after', runValidators: true },
      )
      .lean<ScheduleRecord>()
      .exec();
    return doc;
  }
}
