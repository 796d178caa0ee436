import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { DELETED_DOCTOR_NAME } from '../doctors/doctors.service';
import { UserEvents, type UserDeactivatedEvent, type UserPurgedEvent } from '../users/users.events';
import { PURGED_NAME } from '../users/users.service';
import { AppointmentJobsService } from './appointment-jobs.service';
import { AppointmentsRepository } from './appointments.repository';

/**
 * Follows the life of accounts. Appointments are clinical and financial records, so they are
 * kept when an account is purged, but the personal data copied into them at booking time is
 * erased. Idempotent.
 */
@Injectable()
export class AppointmentPurgeListener {
  private readonly logger = new Logger(AppointmentPurgeListener.name);

  constructor(
    private readonly appointments: AppointmentsRepository,
    private readonly jobs: AppointmentJobsService,
  ) {}

  /**
   * A deleted account's upcoming bookings are cancelled at once (a suspended one's are kept:
   * suspension may be lifted, and an admin can cancel them).
   */
  @OnEvent(UserEvents.Deactivated)
  async onDeactivated(event: UserDeactivatedEvent): Promise<void> {
    if (event.reason !== 'deleted') {
      return;
    }
    const cancelled = await this.jobs.cancelUpcomingOfDeletedAccount(event.userId, new Date());
    if (cancelled > 0) {
      this.logger.log(`Cancelled ${cancelled} upcoming appointment(s) of a deleted account`);
    }
  }

  @OnEvent(UserEvents.Purged)
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
