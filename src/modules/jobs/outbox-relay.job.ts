import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { OutboxService, type DrainResult } from '../outbox/outbox.service';
import { JobLeaseService } from './job-lease.service';

export interface OutboxRelayResult extends DrainResult {
  ran: boolean;
}

export const OUTBOX_RELAY_JOB = 'outbox-relay';

/**
 * Delivers due outbox events every OUTBOX_POLL_MS, on one instance at a time. Polling, not change
 * streams: it works on any deployment and the delay is bounded by the poll period. Drains are
 * safe on several instances anyway (deliveries are claimed one by one); the lease only keeps
 * them from competing for nothing.
 */
@Injectable()
export class OutboxRelayJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelayJob.name);
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<unknown> | null = null;

  constructor(
    private readonly leases: JobLeaseService,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.JOBS_ENABLED) return;
    this.timer = setInterval(() => this.tick(), this.config.OUTBOX_POLL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    // Let a running drain finish its current delivery rather than cut its connection.
    await this.inFlight;
  }

  async run(now?: Date): Promise<OutboxRelayResult> {
    const { ran, result } = await this.leases.runExclusive(OUTBOX_RELAY_JOB, () =>
      this.outbox.drain({ now }),
    );
    const done = result ?? { delivered: 0, failed: 0 };
    if (done.delivered + done.failed > 0) {
      this.logger.log(`Outbox relay: ${done.delivered} delivered, ${done.failed} failed`);
    }
    return { ran, ...done };
  }

  private tick(): void {
    if (this.inFlight) return;
    this.inFlight = this.run()
      .catch((err: unknown) =>
        this.logger.error(`Outbox relay failed: ${err instanceof Error ? err.stack : String(err)}`),
      )
      .finally(() => {
        this.inFlight = null;
      });
  }
}
