import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { UsersService } from '../users/users.service';
import { JobLeaseService } from './job-lease.service';

export interface AccountPurgeResult {
  ran: boolean;
  purged: number;
}

export const ACCOUNT_PURGE_JOB = 'account-purge';

/** Erases deleted accounts whose recovery window has ended. */
@Injectable()
export class AccountPurgeJob {
  private readonly logger = new Logger(AccountPurgeJob.name);

  constructor(
    private readonly leases: JobLeaseService,
    private readonly users: UsersService,
  ) {}

  @Cron(CronExpression.EVERY_HOUR, { name: ACCOUNT_PURGE_JOB })
  onSchedule(): Promise<void> {
    return this.leases.onSchedule('Account purge', () => this.run());
  }

  async run(now: Date = new Date()): Promise<AccountPurgeResult> {
    const started = Date.now();
    const { ran, result } = await this.leases.runExclusive(ACCOUNT_PURGE_JOB, () =>
      this.users.purgeExpiredAccounts(now),
    );
    if (!ran) {
      this.logger.log('Account purge skipped: another instance is running it');
      return { ran: false, purged: 0 };
    }
    const purged = result ?? 0;
    this.logger.log(`Account purge: ${purged} account(s) purged in ${Date.now() - started} ms`);
    return { ran: true, purged };
  }
}
