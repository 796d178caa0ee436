import type { ActorRole } from '../../../common/auth/actor-role';

export interface RefundTier {
  /** Applies when the cancellation is at least this many hours before the start. */
  minHoursBefore: number;
  percent: number;
  rule: string;
}

/**
 * The cancellation policy as data. Tiers are measured in elapsed time before the start instant
 * (not wall-clock days), so a DST change never shifts a boundary.
 */
export interface RefundPolicy {
  /** Patient cancellations, most generous first; before the start but below every tier: `lateTier`. */
  patientTiers: RefundTier[];
  afterStart: { percent: number; rule: string };
  byDoctorOrAdmin: { percent: number; rule: string };
  /** The system cancels unpaid holds: nothing was paid, nothing to refund, but a paid one is whole. */
  bySystem: { percent: number; rule: string };
}

export const DEFAULT_REFUND_POLICY: RefundPolicy = {
  patientTiers: [
    { minHoursBefore: 24, percent: 100, rule: 'patient_24h_or_more' },
    { minHoursBefore: 0, percent: 50, rule: 'patient_less_than_24h' },
  ],
  afterStart: { percent: 0, rule: 'patient_after_start' },
  byDoctorOrAdmin: { percent: 100, rule: 'cancelled_by_provider' },
  bySystem: { percent: 100, rule: 'cancelled_by_system' },
};

/**
 * The platform policy from its two configurable numbers: a full refund at least
 * `fullRefundHours` before the start, `lateRefundPercent` after that until the start.
 */
export function buildRefundPolicy(settings: {
  fullRefundHours: number;
  lateRefundPercent: number;
}): RefundPolicy {
  return {
    ...DEFAULT_REFUND_POLICY,
    patientTiers: [
      {
        minHoursBefore: settings.fullRefundHours,
        percent: 100,
        rule: `patient_${settings.fullRefundHours}h_or_more`,
      },
      {
        minHoursBefore: 0,
        percent: settings.lateRefundPercent,
        rule: `patient_less_than_${settings.fullRefundHours}h`,
      },
    ],
  };
}

export interface RefundDecision {
  percent: number;
  /** Refund due in minor units, of the amount actually paid. */
  amount: number;
  rule: string;
}

export function decideRefund(input: {
  cancelledBy: ActorRole;
  startsAt: Date;
  at: Date;
  paidAmount: number;
  policy?: RefundPolicy;
}): RefundDecision {
  const policy = input.policy ?? DEFAULT_REFUND_POLICY;
  const { percent, rule } = pickTier(policy, input.cancelledBy, input.startsAt, input.at);
  // Integer minor units; rounding down never refunds more than the policy allows.
  const amount = Math.floor((input.paidAmount * percent) / 100);
  return { percent, amount, rule };
}

function pickTier(
  policy: RefundPolicy,
  by: ActorRole,
  startsAt: Date,
  at: Date,
): { percent: number; rule: string } {
  if (by === 'doctor' || by === 'admin') {
    return policy.byDoctorOrAdmin;
  }
  if (by === 'system') {
    return policy.bySystem;
  }
  const msBefore = startsAt.getTime() - at.getTime();
  if (msBefore <= 0) {
    return policy.afterStart;
  }
  const tier = [...policy.patientTiers]
    .sort((a, b) => b.minHoursBefore - a.minHoursBefore)
    .find((t) => msBefore >= t.minHoursBefore * 3_600_000);
  return tier ?? policy.afterStart;
}
