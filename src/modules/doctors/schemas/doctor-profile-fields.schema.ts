import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Address, AddressSchema } from '../../../common/persistence/address.schema';

@Schema({ _id: false, versionKey: false })
export class Fee {
  /** Integer minor units (paise, cents). */
  @Prop({ type: Number, required: true, min: 0 })
  amount!: number;

  /** ISO 4217 code, upper case. */
  @Prop({ type: String, required: true, match: /^[A-Z]{3}$/ })
  currency!: string;
}
export const FeeSchema = SchemaFactory.createForClass(Fee);

/**
 * The professional fields a doctor profile and a doctor application share, declared once: both
 * schemas extend this class (its props become top-level paths of each, so stored documents keep
 * their shape), and doctor-profile-fields.mapper.ts is the one mapping to and from them.
 */
export class DoctorProfileFields {
  /** Slug of a document in `specialities`. */
  @Prop({ type: String, required: true })
  speciality!: string;

  @Prop({ type: String, required: true, trim: true })
  degree!: string;

  @Prop({ type: Number, required: true, min: 0, max: 80 })
  experienceYears!: number;

  @Prop({ type: String, default: '' })
  about!: string;

  @Prop({ type: FeeSchema, required: true })
  fee!: Fee;

  @Prop({ type: AddressSchema, default: () => ({}) })
  address!: Address;

  /** IANA zone the doctor's working hours are written in. */
  @Prop({ type: String, required: true })
  timezone!: string;
}

/** The values of those fields, without the class. */
export type ProfileFields = Pick<DoctorProfileFields, keyof DoctorProfileFields>;
