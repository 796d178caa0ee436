import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Types } from 'mongoose';
import { WorkInterval, WorkIntervalSchema } from './work-interval.schema';

const day = { type: [WorkIntervalSchema], default: [] };

@Schema({ _id: false, versionKey: false })
export class WeeklyHoursDoc {
  @Prop(day) mon!: WorkInterval[];
  @Prop(day) tue!: WorkInterval[];
  @Prop(day) wed!: WorkInterval[];
  @Prop(day) thu!: WorkInterval[];
  @Prop(day) fri!: WorkInterval[];
  @Prop(day) sat!: WorkInterval[];
  @Prop(day) sun!: WorkInterval[];
}
export const WeeklyHoursSchema = SchemaFactory.createForClass(WeeklyHoursDoc);

/**
 * A doctor's weekly working hours and booking rules. `_id` is the doctor's id (one schedule per
 * doctor, read by primary key). The time zone is not here: it lives on the doctor profile.
 */
@Schema({ collection: 'schedules', timestamps: true })
export class Schedule {
  _id!: Types.ObjectId;

  @Prop({ type: Number, required: true })
  slotMinutes!: number;

  @Prop({ type: Number, required: true })
  bufferMinutes!: number;

  @Prop({ type: Number, required: true })
  minNoticeMinutes!: number;

  @Prop({ type: Number, required: true })
  maxAdvanceDays!: number;

  @Prop({ type: WeeklyHoursSchema, required: true })
  weekly!: WeeklyHoursDoc;

  createdAt!: Date;
  updatedAt!: Date;
}

export type ScheduleDocument = HydratedDocument<Schedule>;
export const ScheduleSchema = SchemaFactory.createForClass(Schedule);
