import {
  type CodeOf,
  ErrorKind,
  errorFactory,
  type ErrorKinds,
} from '../../common/errors/app-error';

export const ReviewsErrorCode = {
  ReviewNotFound: 'REVIEW_NOT_FOUND',
  AppointmentNotCompleted: 'APPOINTMENT_NOT_COMPLETED',
  ReviewWindowClosed: 'REVIEW_WINDOW_CLOSED',
  AlreadyReviewed: 'ALREADY_REVIEWED',
  EditWindowClosed: 'REVIEW_EDIT_WINDOW_CLOSED',
  ReviewReplied: 'REVIEW_REPLIED',
  AlreadyReported: 'ALREADY_REPORTED',
  CannotReportOwnReview: 'CANNOT_REPORT_OWN_REVIEW',
  InvalidReviewState: 'INVALID_REVIEW_STATE',
} as const;
export type ReviewsErrorCode = CodeOf<typeof ReviewsErrorCode>;

/**
 * The rules a valid request can break are 422 (business rule: the visit is not completed, the
 * window closed, the doctor replied); a request that collides with what already exists is 409
 * (reviewed or reported already, a moderation decision on a review not in the expected state).
 */
export const REVIEWS_ERROR_KINDS: ErrorKinds<ReviewsErrorCode> = {
  [ReviewsErrorCode.ReviewNotFound]: ErrorKind.NotFound,
  [ReviewsErrorCode.AppointmentNotCompleted]: ErrorKind.BusinessRule,
  [ReviewsErrorCode.ReviewWindowClosed]: ErrorKind.BusinessRule,
  [ReviewsErrorCode.AlreadyReviewed]: ErrorKind.Conflict,
  [ReviewsErrorCode.EditWindowClosed]: ErrorKind.BusinessRule,
  [ReviewsErrorCode.ReviewReplied]: ErrorKind.BusinessRule,
  [ReviewsErrorCode.AlreadyReported]: ErrorKind.Conflict,
  [ReviewsErrorCode.CannotReportOwnReview]: ErrorKind.BusinessRule,
  [ReviewsErrorCode.InvalidReviewState]: ErrorKind.Conflict,
};

export const reviewsError = errorFactory(REVIEWS_ERROR_KINDS);
