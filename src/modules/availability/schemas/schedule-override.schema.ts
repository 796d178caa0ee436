import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, SchemaTypes, Types } from 'mongoose';
import { WorkInterval, WorkIntervalSchema } from './work-interval.schema';

/** Working hours of one local date that replace the weekly hours; no intervals = day off. */
@Schema({ collection: 'schedule_overrides', timestamps: true })
export class ScheduleOverride {
  _id!: Types.ObjectId;

  @Prop({ type: SchemaTypes.ObjectId, required: true })
  doctorId!: Types.ObjectId;

  /** Local date (YYYY-MM-DD) in the doctor's zone; sorts chronologically as a string. */
  @Prop({ type: String, required: true })
  date!: string;

  @Prop({ type: [WorkIntervalSchema], default: [] })
  intervals!: WorkInterval[];

  @Prop({ type: String, default: null })
  reason!: string | null;

  createdAt!: Date;
  updatedAt!: Date;
}

export type ScheduleOverrideDocument = HydratedDocument<ScheduleOverride>;
export const ScheduleOverrideSchema = SchemaFactory.createForClass(ScheduleOverride);

// One override per doctor and date; also serves "a doctor's overrides in a date range".
ScheduleOverrideSchema.index(
  { doctorId: 1, date: 1 },
  { unique: true, name: 'doctor_date_unique' },
);
