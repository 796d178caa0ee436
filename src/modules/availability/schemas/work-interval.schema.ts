import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** `[start, end)` in local wall-clock time ("HH:mm"; end may be "24:00"). */
@Schema({ _id: false, versionKey: false })
export class WorkInterval {
  @Prop({ type: String, required: true })
  start!: string;

  @Prop({ type: String, required: true })
  end!: string;
}
export const WorkIntervalSchema = SchemaFactory.createForClass(WorkInterval);
