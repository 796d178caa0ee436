/**
 * The review rules as pure functions (no Nest, no Mongoose), unit-tested in
 * review-rules.spec.ts. The services apply them; the database enforces the parts that must hold
 * under concurrency (one review per appointment, one report per user and review, every state
 * change conditional on the state it starts from).
 */

/** `published` counts in the doctor's aggregate; `hidden` (moderation) and `deleted` do not. */
export const REVIEW_STATUSES = ['published', 'hidden', 'deleted'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const REPORT_REASONS = ['spam', 'inappropriate', 'offensive', 'fake', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

const DAY_MS = 24 * 3_600_000;
/** A completed visit can be reviewed for this long after its completion. */
export const REVIEW_WINDOW_DAYS = 30;
/** The patient may edit or delete the review this long after writing it (unless replied to). */
export const EDIT_WINDOW_DAYS = 7;
export const MAX_REVIEW_TEXT = 2000;
export const MAX_REPLY_TEXT = 2000;
export const MAX_MODERATION_REASON = 500;

export const counts = (status: ReviewStatus): boolean => status === 'published';

export function reviewWindowOpen(completedAt: Date, now: Date): boolean {
  return now.getTime() - completedAt.getTime() <= REVIEW_WINDOW_DAYS * DAY_MS;
}

/** Start of the edit window that is still open at `now` (reviews written after it are editable). */
export function editableSince(now: Date): Date {
  return new Date(now.getTime() - EDIT_WINDOW_DAYS * DAY_MS);
}

export type EditRefusal = 'deleted' | 'replied' | 'window_closed';

/** Why the patient may not edit or delete the review now, or null when they may. */
export function editRefusal(
  review: { status: ReviewStatus; createdAt: Date; reply: unknown },
  now: Date,
): EditRefusal | null {
  if (review.status === 'deleted') {
    return 'deleted';
  }
  if (review.reply !== null && review.reply !== undefined) {
    return 'replied';
  }
  if (review.createdAt.getTime() < editableSince(now).getTime()) {
    return 'window_closed';
  }
  return null;
}

/**
 * "Ravi K." from "Ravi Kumar": the first word and the initial of the last, never more of the
 * name (and never the e-mail). One word stays as it is; an empty name is "Patient".
 */
export function displayName(fullName: string): string {
  const words = fullName.trim().split(/\s+/u).filter(Boolean);
  if (words.length === 0) {
    return 'Patient';
  }
  const first = words[0];
  if (words.length === 1) {
    return first;
  }
  const initial = Array.from(words[words.length - 1])[0].toLocaleUpperCase();
  return `${first} ${initial}.`;
}

/** Whether a new report (reaching `openReports`) hides a published review. */
export function reportsHide(openReports: number, threshold: number): boolean {
  return openReports >= threshold;
}
