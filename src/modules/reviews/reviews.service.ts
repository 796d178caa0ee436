import { Injectable, Logger } from '@nestjs/common';
import { KeyedMutex } from '../../common/concurrency/keyed-mutex';
import { Types, type ClientSession } from 'mongoose';
import { type AuthUser } from '../../common/auth/auth-user';
import { skipOf, type Page } from '../../common/dto/pagination.dto';
import { CommonErrorCode, commonError } from '../../common/errors/error-codes';
import { AppConfig } from '../../config/app-config';
import { isDuplicateKey } from '../../database/duplicate-key';
import { TransactionRunner } from '../../database/transaction-runner';
import { AppointmentStatus } from '../appointments/domain/appointment-status';
import { AppointmentsService } from '../appointments/appointments.service';
import { ratingChange, ratingDelta, type Star } from '../doctors/domain/rating';
import { OutboxService } from '../outbox/outbox.service';
import { UsersService } from '../users/users.service';
import {
  counts,
  displayName,
  editRefusal,
  reportsHide,
  reviewWindowOpen,
  type ReportReason,
} from './domain/review-rules';
import type {
  AdminListReviewsQueryDto,
  CreateReviewDto,
  ListDoctorReviewsQueryDto,
  UpdateReviewDto,
} from './dto/review-request.dto';
import type {
  AdminReviewDto,
  OwnReviewDto,
  PublicReviewDto,
  ReportResultDto,
} from './dto/review-response.dto';
import { toAdminReview, toOwnReview, toPublicReview } from './review.mapper';
import { ReviewEvents } from './reviews.events';
import { ReviewsErrorCode, reviewsError } from './reviews.errors';
import { ReviewsRepository, type ReviewRecord } from './reviews.repository';
import type { ModerationEntry } from './schemas/review.schema';
import { DoctorDirectoryService } from '../doctors/doctor-directory.service';
import { DoctorRatingsService } from '../doctors/doctor-ratings.service';

/**
 * Reviews and the doctor's rating aggregate. Every change that moves a rating into or out of
 * the aggregate (publish, edit, hide, restore, delete) is one transaction: a conditional write
 * on the review's current state, the matching `$inc` of the doctor's aggregate
 * (DoctorsService.applyRatingDelta) and the outbox event. Two changes of the same review
 * conflict on the review document and one is retried on the new state, so a delta is applied
 * exactly once; changes of different reviews of one doctor conflict on the doctor document and
 * are retried the same way (a `contended` transaction: popular doctors are expected to see it).
 */
@Injectable()
export class ReviewsService {
  private readonly logger = new Logger(ReviewsService.name);

  constructor(
    private readonly reviews: ReviewsRepository,
    private readonly appointments: AppointmentsService,
    private readonly doctorDirectory: DoctorDirectoryService,
    private readonly doctorRatings: DoctorRatingsService,
    private readonly users: UsersService,
    private readonly outbox: OutboxService,
    private readonly tx: TransactionRunner,
    private readonly config: AppConfig,
  ) {}

  private readonly ratingWriters = new KeyedMutex();

  // ---- The patient ----

  async create(
    user: AuthUser,
    appointmentId: string,
    dto: CreateReviewDto,
    now: Date = new Date(),
  ): Promise<OwnReviewDto> {
    const visit = await this.appointments.getReviewSnapshot(user.id, appointmentId);
    if (visit.status !== AppointmentStatus.Completed || visit.completedAt === null) {
      throw reviewsError(
        ReviewsErrorCode.AppointmentNotCompleted,
        'Only a completed visit can be reviewed',
        { status: visit.status },
      );
    }
    if (!reviewWindowOpen(visit.completedAt, now)) {
      throw reviewsError(
        ReviewsErrorCode.ReviewWindowClosed,
        'A visit can be reviewed within 30 days of its completion',
        { completedAt: visit.completedAt.toISOString() },
      );
    }
    // Cheap refusal of a repeat before touching the doctor's (contended) document; the unique
    // index still decides between two racing first reviews.
    if (await this.reviews.existsForAppointment(visit.id)) {
      throw alreadyReviewed();
    }
    const patient = await this.users.getById(user.id);
    try {
      // New reviews of one doctor queue on this instance (a popular doctor's burst would
      // otherwise mostly conflict on the aggregate and exhaust the retries).
      const created = await this.ratingWriters.run(visit.doctorId, () =>
        this.tx.run(
          async (session) => {
            // The doctor's document first: of the concurrent reviews of one doctor, those that
            // lose the race on it fail before doing any other work, and the winner holds it for
            // the two short inserts that follow.
            await this.doctorRatings.applyRatingDelta(
              visit.doctorId,
              ratingDelta(dto.rating as Star),
              session,
            );
            const review = await this.reviews.insert(
              {
                appointmentId: new Types.ObjectId(visit.id),
                doctorId: new Types.ObjectId(visit.doctorId),
                patientId: new Types.ObjectId(visit.patientId),
                patientName: displayName(patient.name),
                rating: dto.rating,
                text: dto.text ? dto.text : null,
                status: 'published',
                completedAt: visit.completedAt as Date,
              },
              session,
            );
            await this.outbox.publish(session, ReviewEvents.Created, {
              ...this.ref(review),
              rating: review.rating,
            });
            return review;
          },
          { contended: true },
        ),
      );
      return toOwnReview(created, now);
    } catch (err) {
      if (isDuplicateKey(err)) {
        throw alreadyReviewed();
      }
      throw err;
    }
  }

  async update(
    user: AuthUser,
    id: string,
    dto: UpdateReviewDto,
    now: Date = new Date(),
  ): Promise<OwnReviewDto> {
    if (dto.rating === undefined && dto.text === undefined) {
      throw commonError(CommonErrorCode.ValidationFailed, 'Send a rating, a text or both');
    }
    const updated = await this.tx.run(
      async (session) => {
        const current = await this.ownEditable(user, id, now, session);
        const rating = dto.rating ?? current.rating;
        const text = dto.text === undefined ? current.text : dto.text ? dto.text : null;
        const edited = await this.reviews.editIf(current, { rating, text }, now, session);
        if (!edited) {
          throw stateChanged(current);
        }
        if (counts(current.status) && rating !== current.rating) {
          await this.doctorRatings.applyRatingDelta(
            current.doctorId.toHexString(),
            ratingChange(current.rating as Star, rating as Star),
            session,
          );
        }
        await this.outbox.publish(session, ReviewEvents.Updated, {
          ...this.ref(edited),
          rating,
          previousRating: current.rating,
        });
        return edited;
      },
      { contended: true },
    );
    return toOwnReview(updated, now);
  }

  async remove(user: AuthUser, id: string, now: Date = new Date()): Promise<OwnReviewDto> {
    const removed = await this.tx.run(
      async (session) => {
        const current = await this.ownEditable(user, id, now, session);
        const deleted = await this.reviews.setStatusIf(
          current._id,
          current.status,
          'deleted',
          { noReply: true },
          session,
        );
        if (!deleted) {
          throw stateChanged(current);
        }
        if (counts(current.status)) {
          await this.doctorRatings.applyRatingDelta(
            current.doctorId.toHexString(),
            ratingDelta(current.rating as Star, -1),
            session,
          );
        }
        await this.outbox.publish(session, ReviewEvents.Deleted, this.ref(deleted));
        return deleted;
      },
      { contended: true },
    );
    return toOwnReview(removed, now);
  }

  async mine(user: AuthUser, q: { page: number; limit: number }): Promise<Page<OwnReviewDto>> {
    const [items, total] = await Promise.all([
      this.reviews.patientListQuery(user.id, skipOf(q), q.limit).exec(),
      this.reviews.countOfPatient(user.id),
    ]);
    const now = new Date();
    return { items: items.map((r) => toOwnReview(r, now)), total, page: q.page, limit: q.limit };
  }

  // ---- The public ----

  /** A listed doctor's published reviews; 404 DOCTOR_NOT_FOUND for anyone else. */
  async listForDoctor(
    doctorId: string,
    q: ListDoctorReviewsQueryDto,
  ): Promise<Page<PublicReviewDto>> {
    await this.doctorDirectory.assertListed(doctorId);
    const [items, total] = await Promise.all([
      this.reviews.publicListQuery(doctorId, q.sort ?? 'newest', skipOf(q), q.limit).exec(),
      this.reviews.countPublic(doctorId),
    ]);
    return { items: items.map(toPublicReview), total, page: q.page, limit: q.limit };
  }

  // ---- The doctor ----

  /** One public reply per review, by the doctor of its appointment; PUT again edits it. */
  async reply(
    user: AuthUser,
    id: string,
    text: string,
    now: Date = new Date(),
  ): Promise<PublicReviewDto> {
    const replied = await this.tx.run(async (session) => {
      const current = await this.reviews.findById(id, session);
      if (!current || current.status === 'deleted' || !current.doctorId.equals(user.id)) {
        throw notFound();
      }
      const updated = await this.reviews.setReply(id, user.id, text, current.reply, now, session);
      if (!updated) {
        throw stateChanged(current);
      }
      await this.outbox.publish(session, ReviewEvents.Replied, {
        ...this.ref(updated),
        firstReply: current.reply === null,
      });
      return updated;
    });
    return toPublicReview(replied);
  }

  // ---- Reports and moderation ----

  /**
   * Any signed-in user reports a published review once (unique index). When the reports since
   * the last moderation decision reach REVIEW_REPORTS_TO_HIDE, the review is hidden pending
   * moderation in the same transaction, and its rating leaves the aggregate.
   */
  async report(
    user: AuthUser,
    id: string,
    reason: ReportReason,
    now: Date = new Date(),
  ): Promise<ReportResultDto> {
    try {
      await this.tx.run(
        async (session) => {
          const current = await this.reviews.findById(id, session);
          if (!current || current.status !== 'published') {
            throw notFound();
          }
          if (current.patientId.equals(user.id)) {
            throw reviewsError(
              ReviewsErrorCode.CannotReportOwnReview,
              'You cannot report your own review',
            );
          }
          await this.reviews.insertReport(current._id, user.id, reason, session);
          const counted = await this.reviews.countReport(current._id, now, session);
          if (!counted) {
            throw stateChanged(current);
          }
          await this.outbox.publish(session, ReviewEvents.Reported, {
            ...this.ref(counted),
            reporterId: user.id,
            reason,
            openReports: counted.openReports,
          });
          if (
            counted.status === 'published' &&
            reportsHide(counted.openReports, this.config.REVIEW_REPORTS_TO_HIDE)
          ) {
            await this.hideInTx(counted, moderation('auto_hidden', null, 'reports', now), session);
          }
        },
        { contended: true },
      );
    } catch (err) {
      if (isDuplicateKey(err)) {
        throw reviewsError(ReviewsErrorCode.AlreadyReported, 'You reported this review already');
      }
      throw err;
    }
    return { reviewId: id, reason, reported: true };
  }

  async adminList(q: AdminListReviewsQueryDto): Promise<Page<AdminReviewDto>> {
    const criteria = { reported: q.reported, hidden: q.hidden, doctorId: q.doctorId };
    const [items, total] = await Promise.all([
      this.reviews.adminListQuery(criteria, skipOf(q), q.limit).exec(),
      this.reviews.countAdmin(criteria),
    ]);
    return { items: items.map(toAdminReview), total, page: q.page, limit: q.limit };
  }

  /**
   * Admin: hides a published review (its rating leaves the aggregate), or confirms the hiding of
   * one the reports hid (its reports are then resolved). Recorded on the review and logged.
   */
  async hide(
    admin: AuthUser,
    id: string,
    reason: string,
    now: Date = new Date(),
  ): Promise<AdminReviewDto> {
    const entry = moderation('hidden', admin.id, reason, now);
    const hidden = await this.tx.run(
      async (session) => {
        const current = await this.reviews.findById(id, session);
        if (!current) {
          throw notFound();
        }
        if (current.status === 'published') {
          return this.hideInTx(current, entry, session);
        }
        if (current.status === 'hidden' && current.reported === true) {
          const confirmed = await this.reviews.setStatusIf(
            current._id,
            { status: 'hidden', reported: true },
            'hidden',
            { moderation: entry, clearReports: true },
            session,
          );
          if (!confirmed) {
            throw stateChanged(current);
          }
          return confirmed;
        }
        throw stateChanged(current);
      },
      { contended: true },
    );
    this.logger.log(`Review ${id} hidden by admin ${admin.id}`);
    return toAdminReview(hidden);
  }

  /** Admin: a hidden review is published again and its rating returns to the aggregate. */
  async restore(
    admin: AuthUser,
    id: string,
    reason: string,
    now: Date = new Date(),
  ): Promise<AdminReviewDto> {
    const restored = await this.tx.run(
      async (session) => {
        const current = await this.reviews.findById(id, session);
        if (!current) {
          throw notFound();
        }
        if (current.status !== 'hidden') {
          throw stateChanged(current);
        }
        const entry = moderation('restored', admin.id, reason, now);
        const updated = await this.reviews.setStatusIf(
          current._id,
          'hidden',
          'published',
          { moderation: entry, clearReports: true },
          session,
        );
        if (!updated) {
          throw stateChanged(current);
        }
        await this.doctorRatings.applyRatingDelta(
          current.doctorId.toHexString(),
          ratingDelta(current.rating as Star),
          session,
        );
        await this.outbox.publish(session, ReviewEvents.Restored, {
          ...this.ref(updated),
          byUserId: admin.id,
          reason,
        });
        return updated;
      },
      { contended: true },
    );
    this.logger.log(`Review ${id} restored by admin ${admin.id}`);
    return toAdminReview(restored);
  }

  // ---- Internals ----

  /** published -> hidden, the rating out of the aggregate and review.hidden, in `session`. */
  private async hideInTx(
    current: ReviewRecord,
    entry: ModerationEntry,
    session: ClientSession,
  ): Promise<ReviewRecord> {
    const hidden = await this.reviews.setStatusIf(
      current._id,
      'published',
      'hidden',
      { moderation: entry, clearReports: entry.action === 'hidden' },
      session,
    );
    if (!hidden) {
      throw stateChanged(current);
    }
    await this.doctorRatings.applyRatingDelta(
      current.doctorId.toHexString(),
      ratingDelta(current.rating as Star, -1),
      session,
    );
    await this.outbox.publish(session, ReviewEvents.Hidden, {
      ...this.ref(hidden),
      byUserId: entry.by ? entry.by.toHexString() : null,
      reason: entry.reason,
    });
    return hidden;
  }

  /** The caller's own review, read in the transaction, if the patient may still change it. */
  private async ownEditable(
    user: AuthUser,
    id: string,
    now: Date,
    session: ClientSession,
  ): Promise<ReviewRecord> {
    const current = await this.reviews.findById(id, session);
    if (!current || !current.patientId.equals(user.id)) {
      throw notFound();
    }
    switch (editRefusal(current, now)) {
      case 'deleted':
        throw notFound();
      case 'replied':
        throw reviewsError(
          ReviewsErrorCode.ReviewReplied,
          'The doctor replied to this review, so it can no longer be changed',
        );
      case 'window_closed':
        throw reviewsError(
          ReviewsErrorCode.EditWindowClosed,
          'A review can be changed for 7 days after it was written',
        );
      default:
        return current;
    }
  }

  private ref(r: ReviewRecord) {
    return {
      reviewId: r._id.toHexString(),
      appointmentId: r.appointmentId.toHexString(),
      doctorId: r.doctorId.toHexString(),
      patientId: r.patientId.toHexString(),
    };
  }
}

function moderation(
  action: ModerationEntry['action'],
  by: string | null,
  reason: string,
  at: Date,
): ModerationEntry {
  return { action, by: by ? new Types.ObjectId(by) : null, at, reason };
}

function alreadyReviewed() {
  return reviewsError(ReviewsErrorCode.AlreadyReviewed, 'This visit was reviewed already');
}

function notFound() {
  return reviewsError(ReviewsErrorCode.ReviewNotFound, 'Review not found');
}

function stateChanged(current: ReviewRecord) {
  return reviewsError(
    ReviewsErrorCode.InvalidReviewState,
    `The review is ${current.status}; this change does not apply to it`,
    { status: current.status },
  );
}
