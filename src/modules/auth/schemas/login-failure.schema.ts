import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Types } from 'mongoose';

/** One failed sign-in, counted under `acct:<email>` and under `ip:<address>`. */
@Schema({ collection: 'login_failures', versionKey: false })
export class LoginFailure {
  _id!: Types.ObjectId;

  @Prop({ type: String, required: true })
  key!: string;

  @Prop({ type: Date, required: true })
  at!: Date;

  /** When the failure leaves the counting window; MongoDB deletes it afterwards. */
  @Prop({ type: Date, required: true })
  expiresAt!: Date;
}

export type LoginFailureDocument = HydratedDocument<LoginFailure>;
export const LoginFailureSchema = SchemaFactory.createForClass(LoginFailure);

LoginFailureSchema.index({ key: 1, at: -1 }, { name: 'key_at' });
LoginFailureSchema.index({ expiresAt: 1 }, { name: 'expires_ttl', expireAfterSeconds: 0 });
