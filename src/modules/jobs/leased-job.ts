import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { JobLeaseService } from './job-lease.service';

/** What a job run reports (e.g. `{ released: 3 }`): a plain object of figures. */
export type JobCounts<C> = { [K in keyof C]: number | string[] };

/** A run's answer: whether this instance held the lease, and what it did. */
export type JobRun<C extends JobCounts<C>> = { ran: boolean } & C;

export interface LeasedJobSpec<C extends JobCounts<C>> {
  /** The lease's key: one instance at a time runs the job of that name. */
  name: string;
  /** For logs ("Hold release failed: ..."). */
  label: string;
  /** The counts of a run that did nothing (another instance held the lease). */
  idle: C;
  /** The log line of a run that did something, or null to log nothing. */
  summary(counts: C): string | null;
  /** Whether that line is a warning (something an operator should look at). */
  alarming?(counts: C): boolean;
}

/**
 * The one shape of a leased job: a subclass names its lease, says what one run does (`work`) and
 * how its counts read in the log; `run` (called by the schedule, by tests and by operators)
 * takes the lease, runs, logs the summary and answers `{ ran, ...counts }`. Subclasses put their
 * schedule (`@Cron` or a timer) on a method that calls `scheduled()`, which does nothing while
 * JOBS_ENABLED is false and logs a failure without a stack.
 */
export abstract class LeasedJob<C extends JobCounts<C>> {
  protected readonly logger = new Logger(this.constructor.name);

  protected constructor(
    protected readonly leases: JobLeaseService,
    private readonly spec: LeasedJobSpec<C>,
  ) {}

  protected abstract work(now: Date): Promise<C>;

  protected scheduled(): Promise<void> {
    return this.leases.onSchedule(this.spec.label, () => this.run());
  }

  async run(now: Date = new Date()): Promise<JobRun<C>> {
    const { ran, result } = await this.leases.runExclusive(this.spec.name, () => this.work(now));
    const counts = result ?? this.spec.idle;
    const line = ran ? this.spec.summary(counts) : null;
    if (line && this.spec.alarming?.(counts)) {
      this.logger.warn(`${this.spec.label}: ${line}`);
    } else if (line) {
      this.logger.log(`${this.spec.label}: ${line}`);
    }
    return { ran, ...counts };
  }
}

/**
 * A leased job that runs on a timer every `everyMs` (not a cron expression), one run at a time
 * per process; started at bootstrap when jobs are enabled, and on shutdown it lets a running run
 * finish rather than cut its database connection.
 */
export abstract class PollingLeasedJob<C extends JobCounts<C>>
  extends LeasedJob<C>
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<unknown> | null = null;

  protected constructor(
    leases: JobLeaseService,
    spec: LeasedJobSpec<C>,
    private readonly polling: { enabled: boolean; everyMs: number },
  ) {
    super(leases, spec);
  }

  onApplicationBootstrap(): void {
    if (!this.polling.enabled) {
      return;
    }
    this.timer = setInterval(() => this.tick(), this.polling.everyMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) {
      clearInterval(this.timer);
    }
    this.timer = null;
    await this.inFlight;
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
