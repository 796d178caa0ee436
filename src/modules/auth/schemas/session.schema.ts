import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, SchemaTypes, Types } from 'mongoose';

export type SessionRevokeReason =
  | 'logout'
  | 'logout_all'
  | 'password_change'
  | 'password_reset'
  | 'reuse'
  | 'deactivated'
  | 'removed';

/** One signed-in device. The refresh token is `<_id>.<secret>`; only the secret's hash is kept. */
@Schema({ collection: 'sessions', versionKey: false })
export class Session {
  _id!: Types.ObjectId;

  @Prop({ type: SchemaTypes.ObjectId, required: true })
  userId!: Types.ObjectId;

  /** SHA-256 of the current refresh secret; replaced on every rotation. */
  @Prop({ type: String, required: true })
  tokenHash!: string;

  @Prop({ type: String, default: '' })
  userAgent!: string;

  /** The IP the session was signed in from. */
  @Prop({ type: String, default: '' })
  ip!: string;

  @Prop({ type: Date, required: true })
  createdAt!: Date;

  @Prop({ type: Date, required: true })
  lastUsedAt!: Date;

  /** Sliding: every rotation pushes it REFRESH_TOKEN_TTL_DAYS ahead. MongoDB deletes the document after it. */
  @Prop({ type: Date, required: true })
  expiresAt!: Date;

  @Prop({ type: Date, default: null })
  revokedAt!: Date | null;

  @Prop({ type: String, default: null })
  revokedReason!: SessionRevokeReason | null;
}

export type SessionDocument = HydratedDocument<Session>;
export const SessionSchema = SchemaFactory.createForClass(Session);

SessionSchema.index({ expiresAt: 1 }, { name: 'expires_ttl', expireAfterSeconds: 0 });
// A user's sessions (list, revoke all) and "has this account signed in from this IP?" for the
// login lock exemption.
SessionSchema.index({ userId: 1, ip: 1 }, { name: 'user_ip' });
