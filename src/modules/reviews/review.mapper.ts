import { editableSince, EDIT_WINDOW_DAYS } from './domain/review-rules';
import type {
  AdminReviewDto,
  OwnReviewDto,
  PublicReviewDto,
  ReviewReplyDto,
} from './dto/review-response.dto';
import type { ReviewRecord } from './reviews.repository';

const iso = (d: Date | string): string => new Date(d).toISOString();
const DAY_MS = 24 * 3_600_000;

function toReply(r: ReviewRecord['reply']): ReviewReplyDto | null {
  return r ? { text: r.text, createdAt: iso(r.createdAt), updatedAt: iso(r.updatedAt) } : null;
}

export function toPublicReview(r: ReviewRecord): PublicReviewDto {
  return {
    id: r._id.toHexString(),
    doctorId: r.doctorId.toHexString(),
    patientName: r.patientName,
    rating: r.rating,
    text: r.text ?? null,
    reply: toReply(r.reply),
    edited: (r.edits?.length ?? 0) > 0,
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
  };
}

export function toOwnReview(r: ReviewRecord, now: Date = new Date()): OwnReviewDto {
  const until = new Date(new Date(r.createdAt).getTime() + EDIT_WINDOW_DAYS * DAY_MS);
  const open = r.status !== 'deleted' && !r.reply && new Date(r.createdAt) >= editableSince(now);
  return {
    ...toPublicReview(r),
    appointmentId: r.appointmentId.toHexString(),
    status: r.status,
    editableUntil: open ? until.toISOString() : null,
    edits: (r.edits ?? []).map((e) => ({
      rating: e.rating,
      text: e.text ?? null,
      replacedAt: iso(e.replacedAt),
    })),
  };
}

export function toAdminReview(r: ReviewRecord): AdminReviewDto {
  return {
    ...toOwnReview(r),
    patientId: r.patientId.toHexString(),
    reportsCount: r.reportsCount ?? 0,
    openReports: r.openReports ?? 0,
    reported: r.reported === true,
    lastReportedAt: r.lastReportedAt ? iso(r.lastReportedAt) : null,
    moderation: (r.moderation ?? []).map((m) => ({
      action: m.action,
      by: m.by ? m.by.toHexString() : null,
      at: iso(m.at),
      reason: m.reason,
    })),
  };
}
