import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Schema as MongooseSchema, Types } from 'mongoose';
import { AccountStatus } from '../../users/domain/account-status';
import { StoredImage, StoredImageSchema } from '../../media/domain/stored-image';
import { SORT_SPECS, type SortSpec } from '../domain/doctor-sort';
import { DoctorProfileFields } from './doctor-profile-fields.schema';

export enum ApprovalStatus {
  Approved = 'approved',
  /** An admin withdrew the approval (e.g. a lapsed licence); the profile is kept but unlisted. */
  Revoked = 'revoked',
}

export { Fee, FeeSchema } from './doctor-profile-fields.schema';

/**
 * The doctor's rating aggregate over their published reviews. count, sum and the per-star
 * counters move only by `$inc` in the transaction of the review change (reviews module, through
 * DoctorsService.applyRatingDelta); average and score are derived from them in the same
 * transaction. The repair job recounts them from the reviews and reports any drift.
 */
@Schema({ _id: false, versionKey: false })
export class RatingAggregate {
  @Prop({ type: Number, required: true, default: 0 }) count!: number;
  @Prop({ type: Number, required: true, default: 0 }) sum!: number;
  @Prop({ type: Number, required: true, default: 0 }) star1!: number;
  @Prop({ type: Number, required: true, default: 0 }) star2!: number;
  @Prop({ type: Number, required: true, default: 0 }) star3!: number;
  @Prop({ type: Number, required: true, default: 0 }) star4!: number;
  @Prop({ type: Number, required: true, default: 0 }) star5!: number;
  /** sum / count, unrounded (0 without ratings): the `minRating` filter. */
  @Prop({ type: Number, required: true, default: 0 }) average!: number;
  /** The Bayesian average (domain/rating.ts scoreOf): the `rating` sort key. */
  @Prop({ type: Number, required: true, default: 0 }) score!: number;
}
export const RatingAggregateSchema = SchemaFactory.createForClass(RatingAggregate);

/**
 * A doctor's profile. `_id` is the doctor's user id (one profile per user), so every other
 * module refers to a doctor by user id.
 */
@Schema({ collection: 'doctors', timestamps: true })
export class Doctor extends DoctorProfileFields {
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  _id!: Types.ObjectId;

  /** Copied from the user for sorting and search without a join. */
  @Prop({ type: String, required: true, trim: true })
  name!: string;

  /** Normalised name (lower case, no accents): the `name` sort key. */
  @Prop({ type: String, required: true })
  nameLower!: string;

  /** Normalised words of the name: search prefix-matches these through an index. */
  @Prop({ type: [String], required: true })
  nameWords!: string[];

  @Prop({ type: StoredImageSchema, default: null })
  image!: StoredImage | null;

  @Prop({ type: Boolean, required: true, default: true })
  visible!: boolean;

  @Prop({ type: Boolean, required: true, default: true })
  acceptingAppointments!: boolean;

  @Prop({
    type: String,
    enum: Object.values(ApprovalStatus),
    required: true,
    default: ApprovalStatus.Approved,
  })
  approvalStatus!: ApprovalStatus;

  /** Mirror of the user's account status, kept by listening to user events. */
  @Prop({
    type: String,
    enum: Object.values(AccountStatus),
    required: true,
    default: AccountStatus.Active,
  })
  accountStatus!: AccountStatus;

  /**
   * Mirror of the account's mustChangePassword: an admin-created doctor stays unlisted until
   * they replace the initial password. Kept by listening to user events.
   */
  @Prop({ type: Boolean, required: true, default: false })
  mustChangePassword!: boolean;

  /**
   * approved && visible && account active && no pending password change, recomputed atomically
   * by every write that changes one of them. It is the leading equality of every public-list
   * index, so public queries never scan doctors that cannot be shown.
   */
  @Prop({ type: Boolean, required: true })
  listed!: boolean;

  @Prop({ type: Number, required: true, default: 0 })
  followersCount!: number;

  @Prop({ type: RatingAggregateSchema, required: true, default: () => ({}) })
  rating!: RatingAggregate;

  /**
   * Counts the changes of the doctor's weekly hours and date overrides (availability bumps it
   * after each one commits; absent means 0), so a booking that reads this profile anyway knows
   * whether its instance's copy of the schedule is current.
   */
  @Prop({ type: Number, default: 0 })
  scheduleVersion?: number;

  createdAt!: Date;
  updatedAt!: Date;
}

export type DoctorDocument = HydratedDocument<Doctor>;
export const DoctorSchema = SchemaFactory.createForClass(Doctor);

// Public list: `listed` first, then (optionally) the speciality equality, then the sort keys, so
// each filter + sort the API offers is an index scan that stops after one page. Range filters
// (maxFee, minRating) and `accepting` are checked on the fetched keys of these scans; with
// `sort=fee` / `sort=rating` the fee / rating range also bounds the scan.
for (const [sortName, spec] of Object.entries(SORT_SPECS)) {
  if (sortName === 'fee_desc') {
    continue;
  } // read backwards off the `fee` index
  const keys: SortSpec = { ...spec };
  // The rating sort's keys changed from ratingAverage to rating.score: a new name, because an
  // index of the old name with other keys already exists in older databases (migration 0003
  // drops it).
  const suffix = sortName === 'rating' ? 'rating_score' : sortName;
  DoctorSchema.index({ listed: 1, ...keys }, { name: `listed_${suffix}` });
  DoctorSchema.index({ listed: 1, speciality: 1, ...keys }, { name: `listed_spec_${suffix}` });
}
// Name search: a multikey index over the name's words, matched by anchored prefixes.
DoctorSchema.index({ listed: 1, nameWords: 1 }, { name: 'listed_name_words' });
// Admin list (all doctors, newest first, optionally one speciality).
DoctorSchema.index({ createdAt: -1, _id: -1 }, { name: 'created' });
DoctorSchema.index({ speciality: 1, createdAt: -1, _id: -1 }, { name: 'spec_created' });
// Admin filters outside the public listing, each newest first (also the dashboard's counts).
DoctorSchema.index({ approvalStatus: 1, createdAt: -1, _id: -1 }, { name: 'approval_created' });
DoctorSchema.index({ accountStatus: 1, createdAt: -1, _id: -1 }, { name: 'account_created' });
DoctorSchema.index({ visible: 1, createdAt: -1, _id: -1 }, { name: 'visible_created' });
// Admin name search over every doctor, listed or not.
DoctorSchema.index({ nameWords: 1 }, { name: 'name_words' });
// The start-up reconciliation of the password-change mirror (few documents ever match).
DoctorSchema.index(
  { mustChangePassword: 1 },
  { name: 'must_change_password', partialFilterExpression: { mustChangePassword: true } },
);
