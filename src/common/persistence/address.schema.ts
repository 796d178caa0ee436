import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** A postal address as users and doctors store it; responses normalise it (see AddressDto). */
@Schema({ _id: false, versionKey: false })
export class Address {
  @Prop({ type: String, default: '' })
  line1!: string;

  @Prop({ type: String, default: '' })
  line2!: string;
}
export const AddressSchema = SchemaFactory.createForClass(Address);
