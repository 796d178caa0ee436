import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Types } from 'mongoose';

@Schema({ collection: 'specialities', timestamps: true })
export class Speciality {
  _id!: Types.ObjectId;

  /** Stable identifier used by doctor profiles and the `speciality` filter. */
  @Prop({ type: String, required: true })
  slug!: string;

  @Prop({ type: String, required: true, trim: true })
  name!: string;

  createdAt!: Date;
  updatedAt!: Date;
}

export type SpecialityDocument = HydratedDocument<Speciality>;
export const SpecialitySchema = SchemaFactory.createForClass(Speciality);

SpecialitySchema.index({ slug: 1 }, { unique: true, name: 'slug_unique' });
