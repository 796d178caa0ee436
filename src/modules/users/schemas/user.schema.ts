import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Types } from 'mongoose';
import { Role } from '../../../common/auth/role.enum';
import { Address, AddressSchema } from '../../../common/persistence/address.schema';
import { StoredImage, StoredImageSchema } from '../../media/domain/stored-image';
import { AccountStatus } from '../domain/account-status';
import { Gender } from '../domain/gender';

@Schema({ collection: 'users', timestamps: true })
export class User {
  _id!: Types.ObjectId;

  /** Lower-cased and trimmed; unique across all accounts, including deleted ones until purged. */
  @Prop({ type: String, required: true, lowercase: true, trim: true })
  email!: string;

  @Prop({ type: String, required: true })
  passwordHash!: string;

  @Prop({ type: String, required: true, trim: true })
  name!: string;

  @Prop({ type: String, enum: Object.values(Role), required: true, default: Role.Patient })
  role!: Role;

  @Prop({
    type: String,
    enum: Object.values(AccountStatus),
    required: true,
    default: AccountStatus.Active,
  })
  status!: AccountStatus;

  @Prop({ type: String, default: null })
  phone!: string | null;

  @Prop({ type: AddressSchema, default: () => ({}) })
  address!: Address;

  @Prop({ type: String, enum: Object.values(Gender), default: null })
  gender!: Gender | null;

  @Prop({ type: Date, default: null })
  dateOfBirth!: Date | null;

  /** IANA zone the user reads times in (e-mails); null: the doctor's zone of each visit. */
  @Prop({ type: String, default: null })
  timezone!: string | null;

  @Prop({ type: StoredImageSchema, default: null })
  avatar!: StoredImage | null;

  /** Set for accounts created by an admin with a temporary password. */
  @Prop({ type: Boolean, default: false })
  mustChangePassword!: boolean;

  @Prop({ type: Date, default: null })
  passwordChangedAt!: Date | null;

  @Prop({ type: Date, default: null })
  suspendedAt!: Date | null;

  @Prop({ type: String, default: null })
  suspensionReason!: string | null;

  @Prop({ type: Date, default: null })
  deletedAt!: Date | null;

  @Prop({ type: String, default: null })
  deletionReason!: string | null;

  /** When a deleted account stops being recoverable and the purge job erases it. */
  @Prop({ type: Date, default: null })
  purgeAfter!: Date | null;

  @Prop({ type: Date, default: null })
  purgedAt!: Date | null;

  /** Prefix-searchable keys of the name and e-mail (see domain/search-keys.ts). */
  @Prop({ type: [String], default: [] })
  searchKeys!: string[];

  createdAt!: Date;
  updatedAt!: Date;
}

export type UserDocument = HydratedDocument<User>;
export const UserSchema = SchemaFactory.createForClass(User);

UserSchema.index({ email: 1 }, { unique: true, name: 'email_unique' });
// Admin lists: filter by role and/or status, newest first.
UserSchema.index({ role: 1, status: 1, createdAt: -1 }, { name: 'role_status_created' });
UserSchema.index({ status: 1, createdAt: -1 }, { name: 'status_created' });
// Admin search: each typed word is an anchored prefix of one of these keys.
UserSchema.index({ searchKeys: 1 }, { name: 'search_keys' });
// Accounts still on an admin-chosen password (read at start-up; few ever match).
UserSchema.index(
  { mustChangePassword: 1 },
  { name: 'must_change_password', partialFilterExpression: { mustChangePassword: true } },
);
// The purge job: deleted accounts whose recovery window has passed.
UserSchema.index(
  { purgeAfter: 1 },
  { name: 'purge_due', partialFilterExpression: { status: AccountStatus.Deleted } },
);
