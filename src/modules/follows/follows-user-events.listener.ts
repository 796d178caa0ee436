import { Injectable, type OnModuleInit } from '@nestjs/common';
import { OutboxService } from '../outbox/outbox.service';
import { UserEvents } from '../users/users.events';
import { FollowsService } from './follows.service';

/**
 * Erases a purged patient's follows (personal data) and corrects the counts they fed. Each
 * follow is removed together with its count change, so a retry after a partial run only
 * removes what is left.
 */
@Injectable()
export class FollowsUserEventsListener implements OnModuleInit {
  constructor(
    private readonly follows: FollowsService,
    private readonly outbox: OutboxService,
  ) {}

  onModuleInit(): void {
    this.outbox.subscribe(UserEvents.Purged, 'follows.erase-purged', async (event) => {
      await this.follows.removeAllOfPatient(event.userId);
    });
  }
}
