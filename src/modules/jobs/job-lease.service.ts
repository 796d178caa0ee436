import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { AppConfig } from '../../config/app-config';
import { JobLeaseRepository } from './job-lease.repository';

export interface ExclusiveRun<T> {
  /** False when another instance (or this one) was already running the job. */
  ran: boolean;
  result?: T;
}

/**
 * Runs a job on at most one app instance at a time, using a lease document in MongoDB.
 * While the work runs the lease is renewed, so a long run keeps it; if the instance dies the
 * lease expires after JOB_LEASE_SECONDS and another instance takes over.
 */
@Injectable()
export class JobLeaseService {
  private readonly logger = new Logger(JobLeaseService.name);
  /** This instance's identity as a lease owner. */
  readonly owner = `${hostname()}:${process.pid}:${randomUUID()}`;
  // The lease treats "already ours" as acquirable (that is how renewal works), so overlapping
  // runs inside this instance are stopped here instead.
  private readonly running = new Set<string>();

  constructor(
    private readonly leases: JobLeaseRepository,
    private readonly config: AppConfig,
  ) {}

  /**
   * What every job's @Cron handler does: nothing while JOBS_ENABLED is false, otherwise one run,
   * whose failure is logged (name and message, no stack) and left to the next tick.
   */
  async onSchedule(label: string, run: () => Promise<unknown>): Promise<void> {
    if (!this.config.JOBS_ENABLED) {
      return;
    }
    try {
      await run();
    } catch (err) {
      const reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      this.logger.error(`${label} failed: ${reason}`);
    }
  }

  async runExclusive<T>(jobName: string, work: () => Promise<T>): Promise<ExclusiveRun<T>> {
    if (this.running.has(jobName)) {
      return { ran: false };
    }
    this.running.add(jobName);
    try {
      if (!(await this.acquire(jobName))) {
        return { ran: false };
      }
      const renewEveryMs = (this.config.JOB_LEASE_SECONDS * 1000) / 3;
      const renewal = setInterval(() => {
        this.acquire(jobName).then(
          (held) => {
            if (!held) {
              this.logger.warn(`Lost the lease of job ${jobName} while running it`);
            }
          },
          (err: unknown) =>
            this.logger.warn(`Could not renew the lease of job ${jobName}: ${String(err)}`),
        );
      }, renewEveryMs);
      renewal.unref();
      try {
        return { ran: true, result: await work() };
      } finally {
        clearInterval(renewal);
        await this.leases.release(jobName, this.owner).catch((err: unknown) => {
          // Harmless: the lease expires on its own.
          this.logger.warn(`Could not release the lease of job ${jobName}: ${String(err)}`);
        });
      }
    } finally {
      this.running.delete(jobName);
    }
  }

  private acquire(jobName: string): Promise<boolean> {
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.config.JOB_LEASE_SECONDS * 1000);
    return this.leases.acquire(jobName, this.owner, now, expiresAt);
  }
}
