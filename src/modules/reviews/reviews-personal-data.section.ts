import { Injectable } from '@nestjs/common';
import {
  PersonalDataExporter,
  type PersonalDataSection,
  type PersonalDataSubject,
} from '../../common/privacy/personal-data-section';
import { toOwnReview, toPublicReview } from './review.mapper';
import { ReviewsRepository } from './reviews.repository';

/**
 * Reviews the user wrote (every status, with their edits and the moderation decisions about
 * them, without the deciding admin's id), reviews about them as a doctor (as the public sees
 * them, plus the status), and the reports they filed.
 */
@PersonalDataExporter()
@Injectable()
export class ReviewsPersonalDataSection implements PersonalDataSection {
  readonly name = 'reviews';
  readonly collections = ['reviews', 'review_reports'] as const;

  constructor(private readonly reviews: ReviewsRepository) {}

  async exportFor({ userId }: PersonalDataSubject) {
    const [written, received, reports] = await Promise.all([
      this.reviews.listAllOfPatient(userId),
      this.reviews.listAllOfDoctor(userId),
      this.reviews.listReportsBy(userId),
    ]);
    return {
      written: written.map((r) => ({
        ...toOwnReview(r),
        moderation: (r.moderation ?? []).map((m) => ({
          action: m.action,
          at: m.at,
          reason: m.reason,
        })),
      })),
      received: received.map((r) => ({ ...toPublicReview(r), status: r.status })),
      reportsFiled: reports.map((r) => ({
        reviewId: String(r.reviewId),
        reason: r.reason,
        note: r.note,
        createdAt: r.createdAt,
      })),
    };
  }
}
