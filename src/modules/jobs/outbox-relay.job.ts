import {
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { OutboxService, type DrainResult } from '../outbox/outbox.service';
import { JobLeaseService } from './job-lease.service';
import { LeasedJob, type JobRun } from './leased-job';

export type OutboxRelayResult = JobRun<DrainResult>;

export const OUTBOX_RELAY_JOB = 'outbox-relay';

/**
 * Delivers due outbox events every OUTBOX_POLL_MS, on one instance at a time. Polling, not change
 * streams: it works on any deployment and the delay is bounded by the poll period. Drains are
 * safe on several instances anyway (deliveries are claimed one by one); the lease only keeps
 * them from competing for nothing.
 */
@Injectable()
export class OutboxRelayJob
  extends LeasedJob<DrainResult>
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<unknown> | null = null;

  constructor(
    leases: JobLeaseService,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
  ) {
    super(leases, {
      name: OUTBOX_RELAY_JOB,
      label: 'Outbox relay',
      idle: { delivered: 0, failed: 0 },
      summary: ({ delivered, failed }) =>
        delivered + failed > 0 ? `${delivered} delivered, ${failed} failed` : null,
    });
  }

  onApplicationBootstrap(): void {
    if (!this.config.JOBS_ENABLED) {
      return;
    }
    this.timer = setInterval(() => this.tick(), this.config.OUTBOX_POLL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) {
      clearInterval(this.timer);
    }
    this.timer = null;
    // Let a running drain finish its current delivery rather than cut its connection.
    await this.inFlight;
  }

  protected work(now: Date): Promise<DrainResult> {
    return this.outbox.drain({ now });
  }

  private tick(): void {
    if (this.inFlight) {
      return;
    }
    this.inFlight = this.scheduled().finally(() => {
      this.inFlight = null;
    });
  }
}
