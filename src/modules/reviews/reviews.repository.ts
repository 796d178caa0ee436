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
import type { ReportReason, ReviewStatus } from './domain/review-rules';
import { ReviewReport } from './schemas/review-report.schema';
import { Review, type ModerationEntry } from './schemas/review.schema';

export type ReviewRecord = Review;
export type ReviewReportRecord = ReviewReport;

export type NewReview = Pick<
  Review,
  | 'appointmentId'
  | 'doctorId'
  | 'patientId'
  | 'patientName'
  | 'rating'
  | 'text'
  | 'status'
  | 'completedAt'
>;

export type PublicReviewSort = 'newest' | 'highest' | 'lowest';

const PUBLIC_SORTS: Record<PublicReviewSort, Record<string, 1 | -1>> = {
  newest: { createdAt: -1, _id: -1 },
  // Read off doctor_status_rating forwards and backwards.
  highest: { rating: -1, createdAt: -1, _id: -1 },
  lowest: { rating: 1, createdAt: 1, _id: 1 },
};

export interface AdminReviewCriteria {
  reported?: boolean;
  hidden?: boolean;
  doctorId?: string;
}

export interface StarRow {
  _id: number;
  n: number;
}

export interface DoctorRatingRow {
  _id: Types.ObjectId;
  count: number;
  sum: number;
}

export interface MonthRow {
  _id: string;
  count: number;
  sum: number;
}

const oid = (id: string) => new Types.ObjectId(id);

/** The only code that touches the reviews and review_reports collections. */
@Injectable()
export class ReviewsRepository {
  constructor(
    @InjectModel(Review.name) private readonly model: Model<Review>,
    @InjectModel(ReviewReport.name) private readonly reports: Model<ReviewReport>,
  ) {}

  /** Fails with a duplicate key (appointment_unique) when the appointment was reviewed already. */
  async insert(review: NewReview, session: ClientSession): Promise<ReviewRecord> {
    const [doc] = await this.model.create([review], { session });
    return doc.toObject();
  }

  async existsForAppointment(appointmentId: string): Promise<boolean> {
    const found = await this.model
      .findOne({ appointmentId: oid(appointmentId) }, { _id: 1 })
      .lean()
      .exec();
    return found !== null;
  }

  findById(id: string, session?: ClientSession): Promise<ReviewRecord | null> {
    return this.model.findById(id, null, { session }).lean<ReviewRecord>().exec();
  }

  /**
   * Replaces rating and text of a review that is still in the state the caller read (status,
   * rating, no reply) and keeps the old version in `edits`. Null when the state moved.
   */
  editIf(
    current: ReviewRecord,
    change: { rating: number; text: string | null },
    now: Date,
    session: ClientSession,
  ): Promise<ReviewRecord | null> {
    return this.model
      .findOneAndUpdate(
        {
          _id: current._id,
          status: current.status,
          rating: current.rating,
          reply: null,
        },
        {
          $set: { rating: change.rating, text: change.text, editedAt: now },
          $push: { edits: { rating: current.rating, text: current.text, replacedAt: now } },
        },
        { returnDocument: 'after', session },
      )
      .lean<ReviewRecord>()
      .exec();
  }

  /** Moves a review from `from` to `to` (with optional extra fields); null when it was not in `from`. */
  setStatusIf(
    id: Types.ObjectId,
    from: ReviewStatus | { status: ReviewStatus; reported?: true },
    to: ReviewStatus,
    extra: { moderation?: ModerationEntry; clearReports?: boolean; noReply?: boolean },
    session: ClientSession,
  ): Promise<ReviewRecord | null> {
    const filter: Record<string, unknown> = { _id: id };
    if (typeof from === 'string') {
      filter.status = from;
    } else {
      filter.status = from.status;
      if (from.reported) {
        filter.reported = true;
      }
    }
    if (extra.noReply) {
      filter.reply = null;
    }
    const update: Record<string, unknown> = { $set: { status: to } };
    if (extra.moderation) {
      update.$push = { moderation: extra.moderation };
    }
    if (extra.clearReports) {
      (update.$set as Record<string, unknown>).openReports = 0;
      update.$unset = { reported: '' };
    }
    return this.model
      .findOneAndUpdate(filter, update, { returnDocument: 'after', session })
      .lean<ReviewRecord>()
      .exec();
  }

  /** Posts or replaces the doctor's reply on a review that is not deleted. */
  setReply(
    id: string,
    doctorId: string,
    text: string,
    existing: ReviewRecord['reply'],
    now: Date,
    session: ClientSession,
  ): Promise<ReviewRecord | null> {
    const reply = { text, createdAt: existing?.createdAt ?? now, updatedAt: now };
    return this.model
      .findOneAndUpdate(
        {
          _id: oid(id),
          doctorId: oid(doctorId),
          status: trusted({ $ne: 'deleted' }),
          reply: existing === null ? null : trusted({ $ne: null }),
        },
        { $set: { reply } },
        { returnDocument: 'after', session },
      )
      .lean<ReviewRecord>()
      .exec();
  }

  /** Records a report; fails with a duplicate key when this user reported the review already. */
  async insertReport(
    reviewId: Types.ObjectId,
    reporterId: string,
    reason: ReportReason,
    session: ClientSession,
  ): Promise<void> {
    await this.reports.create([{ reviewId, reporterId: oid(reporterId), reason }], { session });
  }

  /** Counts a report on a review that is not deleted; the review after the count. */
  countReport(id: Types.ObjectId, now: Date, session: ClientSession): Promise<ReviewRecord | null> {
    return this.model
      .findOneAndUpdate(
        { _id: id, status: trusted({ $ne: 'deleted' }) },
        {
          $inc: { reportsCount: 1, openReports: 1 },
          $set: { reported: true, lastReportedAt: now },
        },
        { returnDocument: 'after', session },
      )
      .lean<ReviewRecord>()
      .exec();
  }

  /** Replaces the name shown on a patient's reviews (purged accounts). */
  async renamePatient(patientId: string, name: string, session: ClientSession): Promise<number> {
    const res = await this.model
      .updateMany({ patientId: oid(patientId) }, { $set: { patientName: name } }, { session })
      .exec();
    return res.modifiedCount;
  }

  // ---- Lists ----

  /** A page of a doctor's published reviews (exposed so a test can explain() it). */
  publicListQuery(doctorId: string, sort: PublicReviewSort, skip: number, limit: number) {
    return this.model
      .find({ doctorId: oid(doctorId), status: 'published' })
      .sort(PUBLIC_SORTS[sort])
      .skip(skip)
      .limit(limit)
      .lean<ReviewRecord[]>();
  }

  countPublic(doctorId: string): Promise<number> {
    return this.model.countDocuments({ doctorId: oid(doctorId), status: 'published' }).exec();
  }

  patientListQuery(patientId: string, skip: number, limit: number) {
    return this.model
      .find({ patientId: oid(patientId), status: trusted({ $ne: 'deleted' }) })
      .sort({ createdAt: -1, _id: -1 })
      .skip(skip)
      .limit(limit)
      .lean<ReviewRecord[]>();
  }

  countOfPatient(patientId: string): Promise<number> {
    return this.model
      .countDocuments({ patientId: oid(patientId), status: trusted({ $ne: 'deleted' }) })
      .exec();
  }

  /** The admin list (exposed so a test can explain() it); the reported queue is by last report. */
  adminListQuery(c: AdminReviewCriteria, skip: number, limit: number) {
    return this.model
      .find(adminFilter(c))
      .sort(c.reported ? { lastReportedAt: -1, _id: -1 } : { createdAt: -1, _id: -1 })
      .skip(skip)
      .limit(limit)
      .lean<ReviewRecord[]>();
  }

  countAdmin(c: AdminReviewCriteria): Promise<number> {
    return this.model.countDocuments(adminFilter(c)).exec();
  }

  // ---- Aggregates (repair job, dashboards) ----

  /** A doctor's published reviews per star (the repair job's recount). */
  starsOfDoctor(doctorId: string): Promise<StarRow[]> {
    return this.model
      .aggregate<StarRow>([
        { $match: { doctorId: oid(doctorId), status: 'published' } },
        { $group: { _id: '$rating', n: { $sum: 1 } } },
      ])
      .exec();
  }

  /** Published reviews written in [from, to), per star. */
  starsInRange(from: Date, to: Date, doctorId?: string): Aggregate<StarRow[]> {
    return this.model.aggregate<StarRow>([
      { $match: rangeMatch(from, to, doctorId) },
      { $group: { _id: '$rating', n: { $sum: 1 } } },
    ]);
  }

  /** Published reviews written in [from, to), per UTC month ("2026-03"). */
  monthsInRange(from: Date, to: Date, doctorId?: string): Promise<MonthRow[]> {
    const pipeline: PipelineStage[] = [
      { $match: rangeMatch(from, to, doctorId) },
      {
        $group: {
          // Without a timezone $dateToString works in UTC.
          _id: { $dateToString: { format: '%Y-%m', date: '$createdAt' } },
          count: { $sum: 1 },
          sum: { $sum: '$rating' },
        },
      },
      { $sort: { _id: 1 } },
    ];
    return this.model.aggregate<MonthRow>(pipeline).exec();
  }

  /** Published reviews written in [from, to), per doctor. */
  doctorsInRange(from: Date, to: Date): Promise<DoctorRatingRow[]> {
    return this.model
      .aggregate<DoctorRatingRow>([
        { $match: rangeMatch(from, to) },
        { $group: { _id: '$doctorId', count: { $sum: 1 }, sum: { $sum: '$rating' } } },
      ])
      .exec();
  }
  // ---- The data export ----

  /** Every review a patient wrote, deleted ones too (the document is kept), newest first. */
  listAllOfPatient(patientId: string): Promise<ReviewRecord[]> {
    return this.model
      .find({ patientId: oid(patientId) })
      .sort({ createdAt: -1, _id: -1 })
      .lean<ReviewRecord[]>()
      .exec();
  }

  /** Every review of a doctor, whatever its status, newest first (`doctor_created`). */
  listAllOfDoctor(doctorId: string): Promise<ReviewRecord[]> {
    return this.model
      .find({ doctorId: oid(doctorId) })
      .sort({ createdAt: -1, _id: -1 })
      .lean<ReviewRecord[]>()
      .exec();
  }

  /** The reports a user filed, newest first (`reporter_created`). */
  listReportsBy(reporterId: string): Promise<ReviewReportRecord[]> {
    return this.reports
      .find({ reporterId: oid(reporterId) })
      .sort({ createdAt: -1, _id: -1 })
      .lean<ReviewReportRecord[]>()
      .exec();
  }
}

/** Filters on indexed paths only: status_created, doctor_created, reported_queue, doctor_status_*. */
function adminFilter(c: AdminReviewCriteria): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  if (c.doctorId !== undefined) {
    filter.doctorId = oid(c.doctorId);
  }
  if (c.hidden !== undefined) {
    filter.status = c.hidden ? 'hidden' : 'published';
  }
  if (c.reported === true) {
    filter.reported = true;
  }
  if (c.reported === false) {
    filter.reported = trusted({ $exists: false });
  }
  return filter;
}

function rangeMatch(from: Date, to: Date, doctorId?: string): Record<string, unknown> {
  return doctorId === undefined
    ? { status: 'published', createdAt: { $gte: from, $lt: to } }
    : { doctorId: oid(doctorId), status: 'published', createdAt: { $gte: from, $lt: to } };
}
