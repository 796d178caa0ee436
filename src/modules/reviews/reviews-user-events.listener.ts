import { Injectable, type OnModuleInit } from '@nestjs/common';
import { OutboxService } from '../outbox/outbox.service';
import { UserEvents } from '../users/users.events';
import { PURGED_NAME } from '../users/account-purge.service';
import { ReviewsRepository } from './reviews.repository';

/**
 * A purged patient's reviews stay (they are part of the doctor's record and rating) but lose the
 * name shown on them. Idempotent: a repeat renames nothing more.
 */
@Injectable()
export class ReviewsUserEventsListener implements OnModuleInit {
  constructor(
    private readonly reviews: ReviewsRepository,
    private readonly outbox: OutboxService,
  ) {}

  onModuleInit(): void {
    this.outbox.subscribe(UserEvents.Purged, 'reviews.deidentify', async (event, ctx) => {
      await this.reviews.renamePatient(event.userId, PURGED_NAME, ctx.session);
    });
  }
}
