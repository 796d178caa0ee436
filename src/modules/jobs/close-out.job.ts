import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { AppointmentJobsService } from '../appointments/appointment-jobs.service';
import { JobLeaseService } from './job-lease.service';

export interface CloseOutResult {
  ran: boolean;
  completed: number;
}

export const CLOSE_OUT_JOB = 'appointment-close-out';

/** Marks confirmed appointments completed once they ended (plus a grace period). */
@Injectable()
export class CloseOutJob {
  private readonly logger = new Logger(CloseOutJob.name);

  constructor(
    private readonly leases: JobLeaseService,
    private readonly appointments: AppointmentJobsService,
  ) {}

  @Cron(CronExpression.EVERY_10_MINUTES, { name: CLOSE_OUT_JOB })
  onSchedule(): Promise<void> {
    return this.leases.onSchedule('Close-out', () => this.run());
  }

  async run(now: Date = new Date()): Promise<CloseOutResult> {
    const { ran, result } = await this.leases.runExclusive(CLOSE_OUT_JOB, () =>
      this.appointments.closeOutPast(now),
    );
    const completed = result ?? 0;
    if (completed > 0) {
      this.logger.log(`Close-out: ${completed} appointment(s) completed`);
    }
    return { ran, completed };
  }
}
