import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { OutboxService, type DrainResult } from '../outbox/outbox.service';
import { JobLeaseService } from './job-lease.service';
import { PollingLeasedJob, type JobRun } from './leased-job';

export type OutboxRelayResult = JobRun<DrainResult>;

export const OUTBOX_RELAY_JOB = 'outbox-relay';

/**
 * Delivers due outbox events every OUTBOX_POLL_MS, on one instance at a time. Polling, not change
 * streams: it works on any deployment and the delay is bounded by the poll period. Drains are
 * safe on several instances anyway (deliveries are claimed one by one); the lease only keeps
 * them from competing for nothing.
 */
@Injectable()
export class OutboxRelayJob extends PollingLeasedJob<DrainResult> {
  constructor(
    leases: JobLeaseService,
    private readonly outbox: OutboxService,
    config: AppConfig,
  ) {
    super(
      leases,
      {
        name: OUTBOX_RELAY_JOB,
        label: 'Outbox relay',
        idle: { delivered: 0, failed: 0 },
        summary: ({ delivered, failed }) =>
          delivered + failed > 0 ? `${delivered} delivered, ${failed} failed` : null,
      },
      { enabled: config.JOBS_ENABLED, everyMs: config.OUTBOX_POLL_MS },
    );
  }

  protected work(now: Date): Promise<DrainResult> {
    return this.outbox.drain({ now });
  }
}
