import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Types } from 'mongoose';

/**
 * One offer per freed slot occurrence, keyed `<doctorId>:<startsAt ISO>:<freed appointment id>`,
 * so a redelivered event cannot offer the same freed slot twice.
 */
@Schema({ collection: 'waitlist_offers', timestamps: true })
export class WaitlistOffer {
  @Prop({ required: true }) key!: string;
  @Prop({ type: Types.ObjectId, default: null }) appointmentId!: Types.ObjectId | null;
  @Prop({ type: Types.ObjectId, default: null }) entryId!: Types.ObjectId | null;
  @Prop({ type: Types.ObjectId, default: null }) patientId!: Types.ObjectId | null;
}

export const WaitlistOfferSchema = SchemaFactory.createForClass(WaitlistOffer);
WaitlistOfferSchema.index({ key: 1 }, { unique: true });
WaitlistOfferSchema.index({ appointmentId: 1 });
// The offers a patient got (the data export).
WaitlistOfferSchema.index({ patientId: 1, createdAt: -1 }, { name: 'patient_created' });
