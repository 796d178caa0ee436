import { Injectable } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { AccountPurgeService } from '../users/account-purge.service';
import { JobLeaseService } from './job-lease.service';
import { LeasedJob, type JobRun } from './leased-job';

export type AccountPurgeResult = JobRun<{ purged: number }>;

export const ACCOUNT_PURGE_JOB = 'account-purge';

/** Erases deleted accounts whose recovery window has ended. */
@Injectable()
export class AccountPurgeJob extends LeasedJob<{ purged: number }> {
  constructor(
    leases: JobLeaseService,
    private readonly users: AccountPurgeService,
  ) {
    super(leases, {
      name: ACCOUNT_PURGE_JOB,
      label: 'Account purge',
      idle: { purged: 0 },
      // Hourly, and an erasure is worth a line even when there was nothing to erase.
      summary: ({ purged }) => `${purged} account(s) purged`,
    });
  }

  @Cron(CronExpression.EVERY_HOUR, { name: ACCOUNT_PURGE_JOB })
  onSchedule(): Promise<void> {
    return this.scheduled();
  }

  protected async work(now: Date): Promise<{ purged: number }> {
    return { purged: await this.users.purgeExpiredAccounts(now) };
  }
}
