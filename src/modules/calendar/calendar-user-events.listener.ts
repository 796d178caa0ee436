import { Injectable, type OnModuleInit } from '@nestjs/common';
import { OutboxService } from '../outbox/outbox.service';
import { UserEvents } from '../users/users.events';
import { CalendarService } from './calendar.service';

/**
 * A feed URL is a credential that outlives sessions, so it ends with the account: a suspended
 * or deleted account's feed is revoked (like its sessions; after reactivation the user creates
 * a new one), and a purged account's is erased. Removing an absent feed is a no-op, so
 * redeliveries are harmless.
 */
@Injectable()
export class CalendarUserEventsListener implements OnModuleInit {
  constructor(
    private readonly calendar: CalendarService,
    private readonly outbox: OutboxService,
  ) {}

  onModuleInit(): void {
    this.outbox.subscribe(UserEvents.Deactivated, 'calendar.revoke-deactivated', async (event) => {
      await this.calendar.removeAllOfUser(event.userId);
    });
    this.outbox.subscribe(UserEvents.Purged, 'calendar.erase-purged', async (event) => {
      await this.calendar.removeAllOfUser(event.userId);
    });
  }
}
