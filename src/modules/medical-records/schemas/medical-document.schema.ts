import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, SchemaTypes, Types } from 'mongoose';

/**
 * A document the patient uploaded (a lab report, a scan): PDF, JPEG or PNG, checked by content.
 * The bytes are sealed and kept here rather than in the public image storage (an image URL is
 * public; a record is not); the original file name, title and type are one sealed value.
 */
@Schema({ collection: 'medical_documents', timestamps: true })
export class MedicalDocument {
  _id!: Types.ObjectId;

  @Prop({ type: SchemaTypes.ObjectId, required: true }) patientId!: Types.ObjectId;
  /** Size of the original file in bytes. */
  @Prop({ type: Number, required: true }) size!: number;
  /** Sealed JSON {fileName, title, contentType} (AAD: id, `meta`). */
  @Prop({ type: String, required: true }) meta!: string;
  /** The sealed file (AAD: id, `content`). */
  @Prop({ type: Buffer, required: true }) content!: Buffer;

  @Prop({ type: Date, default: null }) deidentifiedAt!: Date | null;
  @Prop({ type: Date, default: null }) retainUntil!: Date | null;

  createdAt!: Date;
  updatedAt!: Date;
}

export type MedicalDocumentDocument = HydratedDocument<MedicalDocument>;
export const MedicalDocumentSchema = SchemaFactory.createForClass(MedicalDocument);

// The patient's documents, newest first (and the purge by patient).
MedicalDocumentSchema.index({ patientId: 1, createdAt: -1, _id: -1 }, { name: 'patient_created' });
