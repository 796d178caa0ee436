import { Injectable, type OnModuleInit } from '@nestjs/common';
import { OutboxService } from '../outbox/outbox.service';
import { UserEvents } from '../users/users.events';
import { UsersService } from '../users/users.service';
import { DoctorsService } from './doctors.service';

/**
 * Keeps the profile's copies of the account status, name and pending password change (and so
 * its public listing) in step
 * with the users module, without a join on every public query. The handlers copy the account
 * as it is now rather than what the event says, so deliveries that arrive late or out of order
 * (a retried deactivation after the reactivation) still converge; each is a no-op for users
 * without a doctor profile.
 */
@Injectable()
export class DoctorAccountListener implements OnModuleInit {
  constructor(
    private readonly doctors: DoctorsService,
    private readonly users: UsersService,
    private readonly outbox: OutboxService,
  ) {}

  onModuleInit(): void {
    const syncStatus = async (event: { userId: string }) => {
      const user = await this.users.findById(event.userId);
      if (user) await this.doctors.syncAccountStatus(event.userId, user.status);
    };
    this.outbox.subscribe(UserEvents.Deactivated, 'doctors.sync-status', syncStatus);
    this.outbox.subscribe(UserEvents.Reactivated, 'doctors.sync-status-reactivated', syncStatus);
    this.outbox.subscribe(UserEvents.Renamed, 'doctors.sync-name', async (event) => {
      const user = await this.users.findById(event.userId);
      if (user) await this.doctors.syncName(event.userId, user.name);
    });
    this.outbox.subscribe(
      UserEvents.InitialPasswordReplaced,
      'doctors.sync-password',
      async (e) => {
        await this.doctors.syncPasswordChanged(e.userId);
      },
    );
    this.outbox.subscribe(UserEvents.Purged, 'doctors.deidentify', async (event) => {
      await this.doctors.deidentify(event.userId);
    });
  }
}
