import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** An uploaded image as its owner stores it; media is the module that writes and deletes it. */
@Schema({ _id: false, versionKey: false })
export class StoredImage {
  @Prop({ type: String, required: true })
  url!: string;

  /** Provider-specific key used to delete the image (Cloudinary public id or local file name). */
  @Prop({ type: String, required: true })
  key!: string;

  @Prop({ type: String, required: true, enum: ['local', 'cloudinary'] })
  provider!: 'local' | 'cloudinary';
}
export const StoredImageSchema = SchemaFactory.createForClass(StoredImage);
