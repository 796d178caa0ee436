import { Injectable, type OnModuleInit } from '@nestjs/common';
import { OutboxService } from '../outbox/outbox.service';
import { UserEvents } from '../users/users.events';
import { CalendarService } from './calendar.service';

/** A purged account's feed goes with it, so its URL stops serving (even the empty calendar). */
@Injectable()
export class CalendarUserEventsListener implements OnModuleInit {
  constructor(
    private readonly calendar: CalendarService,
    private readonly outbox: OutboxService,
  ) {}

  onModuleInit(): void {
    this.outbox.subscribe(UserEvents.Purged, 'calendar.erase-purged', async (event) => {
      await this.calendar.removeAllOfUser(event.userId);
    });
  }
}
