import type { Provider } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { buildRefundPolicy, type RefundPolicy } from './domain/refund-policy';

/** The platform's refund policy, built once from configuration for every cancelling service. */
export const REFUND_POLICY = Symbol('REFUND_POLICY');

export const RefundPolicyProvider: Provider<RefundPolicy> = {
  provide: REFUND_POLICY,
  inject: [AppConfig],
  useFactory: (config: AppConfig): RefundPolicy =>
    buildRefundPolicy({
      fullRefundHours: config.CANCELLATION_FULL_REFUND_HOURS,
      lateRefundPercent: config.CANCELLATION_LATE_REFUND_PERCENT,
    }),
};
