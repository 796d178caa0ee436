import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { AccountStatus } from '../users/domain/account-status';
import {
  UserEvents,
  type UserDeactivatedEvent,
  type UserInitialPasswordReplacedEvent,
  type UserPurgedEvent,
  type UserReactivatedEvent,
  type UserRenamedEvent,
} from '../users/users.events';
import { DoctorsService } from './doctors.service';

/**
 * Keeps the profile's copies of the account status and of its pending password change (and so
 * its public listing) in step with the
 * users module, without a join on every public query. Every handler is idempotent and a no-op
 * for users without a doctor profile.
 */
@Injectable()
export class DoctorAccountListener {
  constructor(private readonly doctors: DoctorsService) {}

  @OnEvent(UserEvents.Deactivated)
  async onDeactivated(event: UserDeactivatedEvent): Promise<void> {
    const status = event.reason === 'suspended' ? AccountStatus.Suspended : AccountStatus.Deleted;
    await this.doctors.syncAccountStatus(event.userId, status);
  }

  @OnEvent(UserEvents.Reactivated)
  async onReactivated(event: UserReactivatedEvent): Promise<void> {
    await this.doctors.syncAccountStatus(event.userId, AccountStatus.Active);
  }

  @OnEvent(UserEvents.Renamed)
  async onRenamed(event: UserRenamedEvent): Promise<void> {
    await this.doctors.syncName(event.userId, event.name);
  }

  @OnEvent(UserEvents.InitialPasswordReplaced)
  async onInitialPasswordReplaced(event: UserInitialPasswordReplacedEvent): Promise<void> {
    await this.doctors.syncPasswordChanged(event.userId);
  }

  @OnEvent(UserEvents.Purged)
  async onPurged(event: UserPurgedEvent): Promise<void> {
    await this.doctors.deidentify(event.userId);
  }
}
