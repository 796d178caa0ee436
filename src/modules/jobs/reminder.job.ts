import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { AppConfig } from '../../config/app-config';
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
    private readonly config: AppConfig,
  ) {}

  @Cron(CronExpression.EVERY_5_MINUTES, { name: REMINDER_JOB })
  async onSchedule(): Promise<void> {
    if (!this.config.JOBS_ENABLED) {
      return;
    }
    try {
      await this.run();
    } catch (err) {
      this.logger.error(`Reminders failed: ${err instanceof Error ? err.stack : String(err)}`);
    }
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
