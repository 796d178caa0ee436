import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Schema as MongooseSchema } from 'mongoose';

/** How long a key is remembered (MongoDB's TTL monitor removes it after that). */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

export type IdempotencyState = 'in_progress' | 'completed';

/** The outcome replayed for a repeated request: the data, or the domain error. */
export type StoredOutcome =
  | { ok: true; data: unknown }
  | { ok: false; error: { kind: string; code: string; message: string; details?: unknown } };

@Schema({ collection: 'idempotency_keys', versionKey: false })
export class IdempotencyKey {
  /** `${userId}:${key}`: keys are scoped per user, so one user cannot replay another's. */
  @Prop({ type: String, required: true })
  _id!: string;

  /** SHA-256 of the operation and its normalised input; a different input is a misuse. */
  @Prop({ type: String, required: true })
  requestHash!: string;

  @Prop({ type: String, enum: ['in_progress', 'completed'], required: true })
  state!: IdempotencyState;

  @Prop({ type: MongooseSchema.Types.Mixed, default: null })
  outcome!: StoredOutcome | null;

  @Prop({ type: Date, required: true })
  createdAt!: Date;
}

export type IdempotencyKeyDocument = HydratedDocument<IdempotencyKey>;
export const IdempotencyKeySchema = SchemaFactory.createForClass(IdempotencyKey);

IdempotencyKeySchema.index(
  { createdAt: 1 },
  { name: 'expire_after_24h', expireAfterSeconds: IDEMPOTENCY_TTL_SECONDS },
);
