import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { AppointmentJobsService } from '../appointments/appointment-jobs.service';
import { JobLeaseService } from './job-lease.service';

export interface ReminderResult {
  ran: boolean;
  reminded: number;
}

export const REMINDER_JOB = 'appointment-reminders';

/** Announces upcoming confirmed appointments (appointment.reminder_due), once each. */
@Injectable()
export class ReminderJob {
  private readonly logger = new Logger(ReminderJob.name);

  constructor(
    private readonly leases: JobLeaseService,
    private readonly appointments: AppointmentJobsService,
  ) {}

  @Cron(CronExpression.EVERY_5_MINUTES, { name: REMINDER_JOB })
  onSchedule(): Promise<void> {
    return this.leases.onSchedule('Reminders', () => this.run());
  }

  async run(now: Date = new Date()): Promise<ReminderResult> {
    const { ran, result } = await this.leases.runExclusive(REMINDER_JOB, () =>
      this.appointments.sendDueReminders(now),
    );
    const reminded = result ?? 0;
    if (reminded > 0) {
      this.logger.log(`Reminders: ${reminded} reminder(s) due`);
    }
    return { ran, reminded };
  }
}
