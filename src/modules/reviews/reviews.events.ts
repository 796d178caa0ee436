import type { ReportReason } from './domain/review-rules';

/** Domain events published by the reviews module (all through the outbox). */
export const ReviewEvents = {
  /** A patient reviewed a completed appointment. */
  Created: 'review.created',
  /** The patient edited their review (rating and/or text). */
  Updated: 'review.updated',
  /** The patient deleted their review. */
  Deleted: 'review.deleted',
  /** The doctor posted or edited their reply. */
  Replied: 'review.replied',
  /** A user reported the review. */
  Reported: 'review.reported',
  /** The review left the public list: hidden by an admin or by the report threshold. */
  Hidden: 'review.hidden',
  /** An admin restored a hidden review. */
  Restored: 'review.restored',
} as const;

interface ReviewRef {
  reviewId: string;
  appointmentId: string;
  doctorId: string;
  patientId: string;
}

export interface ReviewCreatedEvent extends ReviewRef {
  rating: number;
}

export interface ReviewUpdatedEvent extends ReviewRef {
  rating: number;
  previousRating: number;
}

export type ReviewDeletedEvent = ReviewRef;

export interface ReviewRepliedEvent extends ReviewRef {
  /** true for the first reply, false for an edit of it. */
  firstReply: boolean;
}

export interface ReviewReportedEvent extends ReviewRef {
  reporterId: string;
  reason: ReportReason;
  openReports: number;
}

export interface ReviewModeratedEvent extends ReviewRef {
  /** Admin user id, or null when the report threshold hid it. */
  byUserId: string | null;
  reason: string;
}
