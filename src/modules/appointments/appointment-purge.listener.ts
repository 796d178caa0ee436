import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DELETED_DOCTOR_NAME } from '../doctors/doctors.service';
import { OutboxService } from '../outbox/outbox.service';
import { AccountStatus } from '../users/domain/account-status';
import { UserEvents, type UserDeactivatedEvent, type UserPurgedEvent } from '../users/users.events';
import { UsersService } from '../users/users.service';
import { PURGED_NAME } from '../users/account-purge.service';
import { AppointmentJobsService } from './appointment-jobs.service';
import { AppointmentsRepository } from './appointments.repository';

/**
 * Follows the life of accounts. Appointments are clinical and financial records, so they are
 * kept when an account is purged, but the personal data copied into them at booking time is
 * erased. Idempotent.
 */
@Injectable()
export class AppointmentPurgeListener implements OnModuleInit {
  private readonly logger = new Logger(AppointmentPurgeListener.name);

  constructor(
    private readonly appointments: AppointmentsRepository,
    private readonly jobs: AppointmentJobsService,
    private readonly outbox: OutboxService,
    private readonly users: UsersService,
  ) {}

  onModuleInit(): void {
    this.outbox.subscribe(UserEvents.Deactivated, 'appointments.cancel-of-deleted', (e) =>
      this.onDeactivated(e),
    );
    this.outbox.subscribe(UserEvents.Purged, 'appointments.deidentify', (e) => this.onPurged(e));
  }

  /**
   * A deleted account's upcoming bookings are cancelled at once (a suspended one's are kept:
   * suspension may be lifted, and an admin can cancel them). Each cancellation is its own
   * conditional write with its own cancelled event, so a retry cancels only what is left.
   * An account recovered before this delivery ran keeps its bookings.
   */
  async onDeactivated(event: UserDeactivatedEvent): Promise<void> {
    if (event.reason !== 'deleted') {
      return;
    }
    const user = await this.users.findById(event.userId);
    if (user?.status !== AccountStatus.Deleted) {
      return;
    }
    const now = new Date();
    const cancelled = await this.jobs.cancelUpcomingOfDeletedAccount(event.userId, now);
    if (cancelled > 0) {
      this.logger.log(`Cancelled ${cancelled} upcoming appointment(s) of a deleted account`);
    }
    // The batch logs and skips a failed cancellation; failing here makes the outbox retry it.
    if ((await this.appointments.findActiveUpcomingOf(event.userId, now, 1)).length > 0) {
      throw new Error('Some upcoming appointments of the deleted account are still active');
    }
  }

  async onPurged(event: UserPurgedEvent): Promise<void> {
    const asPatient = await this.appointments.deidentifyPatient(event.userId, {
      name: PURGED_NAME,
      email: null,
      phone: null,
      imageUrl: null,
      dateOfBirth: null,
    });
    const asDoctor = await this.appointments.deidentifyDoctor(event.userId, {
      name: DELETED_DOCTOR_NAME,
      imageUrl: null,
    });
    if (asPatient + asDoctor > 0) {
      this.logger.log(`De-identified ${asPatient + asDoctor} appointment(s) of a purged account`);
    }
  }
}
