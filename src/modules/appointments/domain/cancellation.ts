import type { ActorRole } from '../../../common/auth/actor-role';
import type { Cancellation } from '../schemas/appointment.schema';
import { decideRefund, type RefundPolicy } from './refund-policy';

/**
 * The cancellation record of an appointment cancelled by `by` at `at`, with the refund the
 * policy grants. Users and jobs cancel through this one builder, so both apply the configured
 * policy.
 */
export function buildCancellation(
  policy: RefundPolicy,
  appointment: { startsAt: Date; paidAmount?: number | null },
  by: ActorRole,
  reason: string | null,
  at: Date,
): Cancellation {
  const refund = decideRefund({
    cancelledBy: by,
    startsAt: appointment.startsAt,
    at,
    paidAmount: appointment.paidAmount ?? 0,
    policy,
  });
  return {
    by,
    reason,
    at,
    refundRule: refund.rule,
    refundPercent: refund.percent,
    refundDue: refund.amount,
  };
}
