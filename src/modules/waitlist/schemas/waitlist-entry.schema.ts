import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Types } from 'mongoose';

export type WaitlistStatus = 'waiting' | 'offered' | 'left' | 'expired';

/** Most waiting entries one patient may have; each takes one of `slot` 0..MAX-1. */
export const MAX_WAITING_ENTRIES = 3;

@Schema({ _id: false })
export class WaitlistOfferRef {
  @Prop({ type: Types.ObjectId, required: true }) appointmentId!: Types.ObjectId;
  @Prop({ required: true }) startsAt!: Date;
  @Prop({ required: true }) holdExpiresAt!: Date;
}

/**
 * A patient waiting for a slot of a doctor on local dates `from`..`to` (YYYY-MM-DD, the doctor's
 * zone), optionally between `earliestTime` and `latestTime` (HH:mm, start of the slot).
 */
@Schema({ collection: 'waitlist_entries', timestamps: true })
export class WaitlistEntry {
  @Prop({ type: Types.ObjectId, required: true }) patientId!: Types.ObjectId;
  @Prop({ type: Types.ObjectId, required: true }) doctorId!: Types.ObjectId;
  @Prop({ required: true }) from!: string;
  @Prop({ required: true }) to!: string;
  @Prop({ type: String, default: null }) earliestTime!: string | null;
  @Prop({ type: String, default: null }) latestTime!: string | null;
  @Prop({ required: true, type: String }) status!: WaitlistStatus;
  /** 0..2 while waiting (the per-patient limit, by a unique index), null otherwise. */
  @Prop({ type: Number, default: null }) slot!: number | null;
  @Prop({ required: true }) joinedAt!: Date;
  @Prop({ type: WaitlistOfferRef, default: null }) offer!: WaitlistOfferRef | null;
}

export const WaitlistEntrySchema = SchemaFactory.createForClass(WaitlistEntry);
// The limit of MAX_WAITING_ENTRIES, race-proof: two joins cannot take the same slot number.
WaitlistEntrySchema.index(
  { patientId: 1, slot: 1 },
  {
    unique: true,
    name: 'one_waiting_entry_per_patient_slot',
    partialFilterExpression: { status: 'waiting' },
  },
);
WaitlistEntrySchema.index({ patientId: 1, joinedAt: -1 });
// First in line: a doctor's waiting entries by join time (also the doctor's count).
WaitlistEntrySchema.index({ doctorId: 1, status: 1, joinedAt: 1 });
