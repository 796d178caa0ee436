import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Types } from 'mongoose';

/**
 * How many times the time of one doctor (`_id` = the doctor's id) has changed: a booking, a
 * cancellation or any other change of an active appointment, a new schedule, an override. Slots
 * caches compare it, by primary key, before they answer from memory (see slots-cache.ts).
 * Written only after the change it announces has committed, never inside its transaction.
 */
@Schema({ collection: 'calendar_versions', versionKey: false })
export class CalendarVersion {
  _id!: Types.ObjectId;

  @Prop({ type: Number, required: true, default: 0 })
  v!: number;
}

export const CalendarVersionSchema = SchemaFactory.createForClass(CalendarVersion);
