import { Injectable, type OnModuleInit } from '@nestjs/common';
import { OutboxService } from '../outbox/outbox.service';
import { UserEvents } from '../users/users.events';
import { FollowEvents } from './follows.events';
import { FollowsService } from './follows.service';

/**
 * The follows module's outbox handlers: follower counts move by each follow.created /
 * follow.removed exactly once (in the delivery's transaction), and a purged patient's follows
 * (personal data) are erased, each removal publishing its own follow.removed, so a retry after a
 * partial run only removes what is left.
 */
@Injectable()
export class FollowsUserEventsListener implements OnModuleInit {
  constructor(
    private readonly follows: FollowsService,
    private readonly outbox: OutboxService,
  ) {}

  onModuleInit(): void {
    this.outbox.subscribe(FollowEvents.Created, 'follows.count-up', async (event, ctx) => {
      await this.follows.adjustCount(event.doctorId, 1, ctx.session);
    });
    this.outbox.subscribe(FollowEvents.Removed, 'follows.count-down', async (event, ctx) => {
      await this.follows.adjustCount(event.doctorId, -1, ctx.session);
    });
    this.outbox.subscribe(UserEvents.Purged, 'follows.erase-purged', async (event) => {
      await this.follows.removeAllOfPatient(event.userId);
    });
  }
}
