import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  Model,
  trusted,
  Types,
  type Aggregate,
  type ClientSession,
  type PipelineStage,
} from 'mongoose';
import { AccountStatus } from '../users/domain/account-status';
import { type StoredImage } from '../media/domain/stored-image';
import { searchWords } from './domain/doctor-name';
import type { SortSpec } from './domain/doctor-sort';
import {
  averageOf,
  scoreOf,
  type RatingDelta,
  type RatingPrior,
  type RatingTotals,
} from './domain/rating';
import { ApprovalStatus, Doctor, type RatingAggregate } from './schemas/doctor.schema';

export type DoctorRecord = Doctor;

const BOOKING_FIELDS = {
  name: 1,
  speciality: 1,
  degree: 1,
  'image.url': 1,
  address: 1,
  fee: 1,
  timezone: 1,
  approvalStatus: 1,
  visible: 1,
  acceptingAppointments: 1,
  accountStatus: 1,
  mustChangePassword: 1,
  scheduleVersion: 1,
} as const;

/** The profile fields a booking copies or checks: what BOOKING_FIELDS projects. */
export type BookingFields = Pick<
  Doctor,
  '_id' | Exclude<keyof typeof BOOKING_FIELDS, 'image.url'>
> & { image?: { url?: string } | null };

/** What schedules and slots read of the profile (on every slots request). */
export type ScheduleOwnerFields = Pick<
  DoctorRecord,
  '_id' | 'timezone' | 'listed' | 'acceptingAppointments' | 'scheduleVersion'
>;

/** A new profile; `listed` and the counters are derived here, not chosen by callers. */
export type NewDoctor = Omit<
  Doctor,
  'listed' | 'followersCount' | 'rating' | 'createdAt' | 'updatedAt'
>;

/** Profile fields a service may change (never `_id`, `listed` or the counters). */
export type DoctorChanges = Partial<
  Omit<Doctor, '_id' | 'listed' | 'followersCount' | 'rating' | 'createdAt' | 'updatedAt' | 'fee'>
> & {
  'fee.amount'?: number;
  'fee.currency'?: string;
  'address.line1'?: string;
  'address.line2'?: string;
};

export interface DoctorListCriteria {
  /** Only doctors the public may see (approved, visible, account active, own password set). */
  listedOnly: boolean;
  speciality?: string;
  search?: string;
  maxFee?: number;
  minRating?: number;
  accepting?: boolean;
  visible?: boolean;
  accountStatus?: AccountStatus;
  approvalStatus?: ApprovalStatus;
  sort: SortSpec;
}

type Filter = Record<string, unknown>;

export const isListed = (
  d: Pick<Doctor, 'approvalStatus' | 'visible' | 'accountStatus' | 'mustChangePassword'>,
) =>
  d.approvalStatus === ApprovalStatus.Approved &&
  d.visible === true &&
  d.accountStatus === AccountStatus.Active &&
  d.mustChangePassword !== true;

/** The same rule as isListed, evaluated by the server inside an update pipeline. */
const LISTED_EXPR = {
  $and: [
    { $eq: ['$approvalStatus', ApprovalStatus.Approved] },
    { $eq: ['$visible', true] },
    { $eq: ['$accountStatus', AccountStatus.Active] },
    { $ne: ['$mustChangePassword', true] },
  ],
};

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The filter of a doctor list. Every predicate is an equality or a range on an indexed path, and
 * search is an anchored, case-sensitive prefix of the already lower-cased name words, which an
 * index can bound (a case-insensitive or unanchored regex could not).
 */
export function doctorListFilter(c: DoctorListCriteria): Filter {
  const filter: Filter = {};
  if (c.listedOnly) {
    filter.listed = true;
  }
  if (c.speciality !== undefined) {
    filter.speciality = c.speciality;
  }
  if (c.accepting !== undefined) {
    filter.acceptingAppointments = c.accepting;
  }
  if (c.visible !== undefined) {
    filter.visible = c.visible;
  }
  if (c.accountStatus !== undefined) {
    filter.accountStatus = c.accountStatus;
  }
  if (c.approvalStatus !== undefined) {
    filter.approvalStatus = c.approvalStatus;
  }
  if (c.maxFee !== undefined) {
    filter['fee.amount'] = trusted({ $lte: c.maxFee });
  }
  if (c.minRating !== undefined) {
    filter['rating.average'] = trusted({ $gte: c.minRating });
  }
  const words = c.search ? searchWords(c.search) : [];
  if (words.length === 1) {
    filter.nameWords = new RegExp(`^${escapeRegex(words[0])}`);
  }
  if (words.length > 1) {
    filter.$and = words.map((w) => ({ nameWords: new RegExp(`^${escapeRegex(w)}`) }));
  }
  return filter;
}

/** The only code that touches the doctors collection. */
@Injectable()
export class DoctorsRepository {
  constructor(@InjectModel(Doctor.name) private readonly model: Model<Doctor>) {}

  async insert(doctor: NewDoctor, session?: ClientSession): Promise<DoctorRecord> {
    const [doc] = await this.model.create([{ ...doctor, listed: isListed(doctor) }], { session });
    return doc.toObject();
  }

  findById(id: string): Promise<DoctorRecord | null> {
    return this.model.findById(id).lean<DoctorRecord>().exec();
  }

  /**
   * Only the fields of a booking's doctor snapshot (DoctorsService.getBookingSnapshot), by one
   * driver findOne: every booking reads it, and the profile's text (about, ratings) is not needed.
   */
  findBookingFieldsById(id: string): Promise<BookingFields | null> {
    return this.model.collection.findOne<BookingFields>(
      { _id: new Types.ObjectId(id) },
      { projection: BOOKING_FIELDS },
    );
  }

  /** Only what schedules and slots need: the slots endpoint reads it on every request. */
  findScheduleOwnerById(id: string): Promise<ScheduleOwnerFields | null> {
    return this.model
      .findById(id, { timezone: 1, listed: 1, acceptingAppointments: 1, scheduleVersion: 1 })
      .lean<ScheduleOwnerFields>()
      .exec();
  }

  findListedById(id: string): Promise<DoctorRecord | null> {
    return this.model
      .findOne({ _id: new Types.ObjectId(id), listed: true })
      .lean<DoctorRecord>()
      .exec();
  }

  findListedByIds(ids: string[]): Promise<DoctorRecord[]> {
    return this.model
      .find({ _id: trusted({ $in: ids.map((id) => new Types.ObjectId(id)) }), listed: true })
      .lean<DoctorRecord[]>()
      .exec();
  }

  /**
   * The page query of a doctor list, exactly as list() runs it; exposed so a test can explain()
   * the real query shape and check that an index serves it.
   */
  listQuery(criteria: DoctorListCriteria, skip: number, limit: number) {
    return this.model
      .find(doctorListFilter(criteria))
      .sort(criteria.sort)
      .skip(skip)
      .limit(limit)
      .lean<DoctorRecord[]>();
  }

  /**
   * The total of a doctor list. Written as the $match + $count aggregation that countDocuments
   * runs anyway, because unlike countDocuments an aggregate can be explain()ed (see listQuery).
   * Not cast by Mongoose, which is fine: every value in the filter is a validated primitive.
   */
  countQuery(criteria: DoctorListCriteria): Aggregate<{ n: number }[]> {
    return this.model.aggregate<{ n: number }>([
      { $match: doctorListFilter(criteria) },
      { $count: 'n' },
    ]);
  }

  async list(
    criteria: DoctorListCriteria,
    skip: number,
    limit: number,
  ): Promise<{ items: DoctorRecord[]; total: number }> {
    const [items, counted] = await Promise.all([
      this.listQuery(criteria, skip, limit).exec(),
      this.countQuery(criteria).exec(),
    ]);
    return { items, total: counted[0]?.n ?? 0 };
  }

  /** Listed doctors per speciality slug (aggregation over the `listed_spec_*` indexes). */
  listedCountsBySpecialityAggregate(): Aggregate<{ _id: string; count: number }[]> {
    const pipeline: PipelineStage[] = [
      { $match: { listed: true } },
      { $group: { _id: '$speciality', count: { $sum: 1 } } },
    ];
    return this.model.aggregate<{ _id: string; count: number }>(pipeline);
  }

  async listedCountsBySpeciality(): Promise<Map<string, number>> {
    const rows = await this.listedCountsBySpecialityAggregate().exec();
    return new Map(rows.map((r) => [r._id, r.count]));
  }

  /**
   * Applies profile changes and recomputes `listed` in the same atomic update (a pipeline), so
   * two concurrent writers (an admin hiding the doctor, a suspension event) can never leave
   * `listed` out of step with the fields it is derived from. Values are wrapped in $literal
   * because in a pipeline a string such as "$5 off" would otherwise be read as a field path.
   */
  updateProfile(
    id: string,
    changes: DoctorChanges,
    returnDocument: 'before' | 'after' = 'after',
  ): Promise<DoctorRecord | null> {
    const set = Object.fromEntries(
      Object.entries(changes)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, { $literal: v }]),
    );
    return this.model
      .findOneAndUpdate(
        { _id: new Types.ObjectId(id) },
        [
          { $set: { ...set, updatedAt: { $literal: new Date() } } },
          { $set: { listed: LISTED_EXPR } },
        ],
        { returnDocument, updatePipeline: true, timestamps: false },
      )
      .lean<DoctorRecord>()
      .exec();
  }

  /** Ids of the profiles marked as waiting for their account's password change. */
  async findMustChangePasswordIds(): Promise<string[]> {
    const rows = await this.model
      .find({ mustChangePassword: true }, { _id: 1 })
      .lean<Array<{ _id: Types.ObjectId }>>()
      .exec();
    return rows.map((r) => r._id.toHexString());
  }

  /**
   * Sets the password-change mirror of these profiles and recomputes `listed` (as updateProfile
   * does). `onlyUnset` limits it to profiles stored before the mirror existed.
   */
  async setMustChangePassword(ids: string[], pending: boolean, onlyUnset = false): Promise<number> {
    if (ids.length === 0) {
      return 0;
    }
    const filter: Record<string, unknown> = {
      _id: trusted({ $in: ids.map((id) => new Types.ObjectId(id)) }),
    };
    if (onlyUnset) {
      filter.mustChangePassword = trusted({ $exists: false });
    }
    const res = await this.model
      .updateMany(
        filter,
        [
          {
            $set: {
              mustChangePassword: { $literal: pending },
              updatedAt: { $literal: new Date() },
            },
          },
          { $set: { listed: LISTED_EXPR } },
        ],
        { updatePipeline: true, timestamps: false },
      )
      .exec();
    return res.modifiedCount;
  }

  /** Atomically swaps the image; returns the previous one (undefined when no such doctor). */
  async replaceImage(id: string, image: StoredImage): Promise<StoredImage | null | undefined> {
    const before = await this.model
      .findOneAndUpdate(
        { _id: new Types.ObjectId(id) },
        { $set: { image } },
        { returnDocument: 'before', projection: { image: 1 } },
      )
      .lean<Pick<DoctorRecord, 'image'>>()
      .exec();
    return before ? (before.image ?? null) : undefined;
  }

  /** Adds `delta` to the follower count; false when the doctor does not exist. */
  /** One more schedule change of the doctor (not a profile change: updatedAt stays). */
  async bumpScheduleVersion(id: string): Promise<void> {
    await this.model
      .updateOne(
        { _id: new Types.ObjectId(id) },
        { $inc: { scheduleVersion: 1 } },
        { timestamps: false },
      )
      .exec();
  }

  async incrementFollowers(id: string, delta: number, session?: ClientSession): Promise<boolean> {
    const res = await this.model
      .updateOne(
        { _id: new Types.ObjectId(id) },
        { $inc: { followersCount: delta } },
        { timestamps: false, session },
      )
      .exec();
    return res.matchedCount === 1;
  }

  /**
   * Applies a review change to the rating aggregate inside the caller's transaction: count, sum
   * and per-star counters by `$inc` (relative, so concurrent changes add up and none is lost),
   * then average and score recomputed from the values just written (an update pipeline on the
   * same document in the same transaction). False when the doctor does not exist.
   */
  async applyRatingDelta(
    id: string,
    delta: RatingDelta,
    prior: RatingPrior,
    session: ClientSession,
  ): Promise<boolean> {
    const _id = new Types.ObjectId(id);
    const inc: Record<string, number> = { 'rating.count': delta.count, 'rating.sum': delta.sum };
    delta.stars.forEach((n, i) => {
      if (n !== 0) {
        inc[`rating.star${i + 1}`] = n;
      }
    });
    const res = await this.model
      .updateOne({ _id }, { $inc: inc }, { session, timestamps: false })
      .exec();
    if (res.matchedCount !== 1) {
      return false;
    }
    await this.model
      .updateOne({ _id }, [{ $set: derivedRatingFields(prior) }], {
        session,
        updatePipeline: true,
        timestamps: false,
      })
      .exec();
    return true;
  }

  /** The stored aggregate of one doctor (for the repair job's comparison). */
  async findRating(id: string): Promise<RatingAggregate | null> {
    const d = await this.model
      .findById(id, { rating: 1 })
      .lean<Pick<DoctorRecord, 'rating'>>()
      .exec();
    return d ? (d.rating ?? null) : null;
  }

  /**
   * Replaces the aggregate with recounted totals (repair job). Conditional on the aggregate being
   * what the job read, so a review change committed in between wins and the next run repairs.
   */
  async replaceRating(
    id: string,
    expected: RatingAggregate | null,
    totals: RatingTotals,
    prior: RatingPrior,
  ): Promise<boolean> {
    const filter: Record<string, unknown> = { _id: new Types.ObjectId(id) };
    for (const key of RATING_COUNTERS) {
      filter[`rating.${key}`] = expected?.[key] ?? trusted({ $exists: false });
    }
    const set: Record<string, unknown> = {
      'rating.count': totals.count,
      'rating.sum': totals.sum,
      'rating.average': averageOf(totals),
      'rating.score': scoreOf(totals, prior),
    };
    totals.stars.forEach((n, i) => (set[`rating.star${i + 1}`] = n));
    const res = await this.model.updateOne(filter, { $set: set }, { timestamps: false }).exec();
    return res.matchedCount === 1;
  }

  /** Ids of every doctor profile in _id order, a page at a time (the repair job's walk). */
  async idsAfter(after: string | null, limit: number): Promise<string[]> {
    const filter = after ? { _id: trusted({ $gt: new Types.ObjectId(after) }) } : {};
    const rows = await this.model
      .find(filter, { _id: 1 })
      .sort({ _id: 1 })
      .limit(limit)
      .lean<Array<{ _id: Types.ObjectId }>>()
      .exec();
    return rows.map((r) => r._id.toHexString());
  }

  /** Names of the given doctors (listed or not), for dashboards. */
  async namesByIds(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) {
      return new Map();
    }
    const rows = await this.model
      .find({ _id: trusted({ $in: ids.map((id) => new Types.ObjectId(id)) }) }, { name: 1 })
      .lean<Array<Pick<DoctorRecord, '_id' | 'name'>>>()
      .exec();
    return new Map(rows.map((r) => [r._id.toHexString(), r.name]));
  }
}

const RATING_COUNTERS = ['count', 'sum', 'star1', 'star2', 'star3', 'star4', 'star5'] as const;

/**
 * average and score from the stored count and sum, as an aggregation expression (the same
 * formulas as domain/rating.ts averageOf and scoreOf).
 */
function derivedRatingFields(prior: RatingPrior): Record<string, unknown> {
  const count = { $ifNull: ['$rating.count', 0] };
  const sum = { $ifNull: ['$rating.sum', 0] };
  const rated = { $gt: [count, 0] };
  return {
    'rating.average': { $cond: [rated, { $divide: [sum, count] }, 0] },
    'rating.score': {
      $cond: [
        rated,
        {
          $divide: [
            { $add: [{ $literal: prior.weight * prior.mean }, sum] },
            { $add: [{ $literal: prior.weight }, count] },
          ],
        },
        0,
      ],
    },
  };
}
