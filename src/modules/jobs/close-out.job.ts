import { Injectable } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { AppointmentJobsService } from '../appointments/appointment-jobs.service';
import { JobLeaseService } from './job-lease.service';
import { LeasedJob, type JobRun } from './leased-job';

export type CloseOutResult = JobRun<{ completed: number }>;

export const CLOSE_OUT_JOB = 'appointment-close-out';

/** Marks confirmed appointments completed once they ended (plus a grace period). */
@Injectable()
export class CloseOutJob extends LeasedJob<{ completed: number }> {
  constructor(
    leases: JobLeaseService,
    private readonly appointments: AppointmentJobsService,
  ) {
    super(leases, {
      name: CLOSE_OUT_JOB,
      label: 'Close-out',
      idle: { completed: 0 },
      summary: ({ completed }) => (completed > 0 ? `${completed} appointment(s) completed` : null),
    });
  }

  @Cron(CronExpression.EVERY_10_MINUTES, { name: CLOSE_OUT_JOB })
  onSchedule(): Promise<void> {
    return this.scheduled();
  }

  protected async work(now: Date): Promise<{ completed: number }> {
    return { completed: await this.appointments.closeOutPast(now) };
  }
}
