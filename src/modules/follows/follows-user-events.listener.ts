import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { UserEvents, type UserPurgedEvent } from '../users/users.events';
import { FollowsService } from './follows.service';

/** Erases a purged patient's follows (personal data) and corrects the counts they fed. */
@Injectable()
export class FollowsUserEventsListener {
  constructor(private readonly follows: FollowsService) {}

  @OnEvent(UserEvents.Purged)
  async onPurged(event: UserPurgedEvent): Promise<void> {
    await this.follows.removeAllOfPatient(event.userId);
  }
}
