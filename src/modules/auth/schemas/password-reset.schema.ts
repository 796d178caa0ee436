import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, SchemaTypes, Types } from 'mongoose';

/** A single-use password-reset token, stored only as its SHA-256 hash. */
@Schema({ collection: 'password_resets', versionKey: false })
export class PasswordReset {
  _id!: Types.ObjectId;

  @Prop({ type: SchemaTypes.ObjectId, required: true })
  userId!: Types.ObjectId;

  @Prop({ type: String, required: true })
  tokenHash!: string;

  @Prop({ type: Date, required: true })
  createdAt!: Date;

  @Prop({ type: Date, required: true })
  expiresAt!: Date;

  @Prop({ type: Date, default: null })
  usedAt!: Date | null;
}

export type PasswordResetDocument = HydratedDocument<PasswordReset>;
export const PasswordResetSchema = SchemaFactory.createForClass(PasswordReset);

PasswordResetSchema.index({ tokenHash: 1 }, { name: 'token_hash_unique', unique: true });
PasswordResetSchema.index({ userId: 1 }, { name: 'user' });
PasswordResetSchema.index({ expiresAt: 1 }, { name: 'expires_ttl', expireAfterSeconds: 0 });
