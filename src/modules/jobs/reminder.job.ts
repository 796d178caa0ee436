import { Injectable } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { AppointmentJobsService } from '../appointments/appointment-jobs.service';
import { JobLeaseService } from './job-lease.service';
import { LeasedJob, type JobRun } from './leased-job';

export type ReminderResult = JobRun<{ reminded: number }>;

export const REMINDER_JOB = 'appointment-reminders';

/** Announces upcoming confirmed appointments (appointment.reminder_due), once each. */
@Injectable()
export class ReminderJob extends LeasedJob<{ reminded: number }> {
  constructor(
    leases: JobLeaseService,
    private readonly appointments: AppointmentJobsService,
  ) {
    super(leases, {
      name: REMINDER_JOB,
      label: 'Reminders',
      idle: { reminded: 0 },
      summary: ({ reminded }) => (reminded > 0 ? `${reminded} reminder(s) due` : null),
    });
  }

  @Cron(CronExpression.EVERY_5_MINUTES, { name: REMINDER_JOB })
  onSchedule(): Promise<void> {
    return this.scheduled();
  }

  protected async work(now: Date): Promise<{ reminded: number }> {
    return { reminded: await this.appointments.sendDueReminders(now) };
  }
}
