import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { UserEvents, type UserDeactivatedEvent } from '../users/users.events';
import { SessionsService } from './sessions.service';

/** Ends sessions when the users module reports an account can no longer be used. */
@Injectable()
export class UserEventsListener {
  constructor(private readonly sessions: SessionsService) {}

  @OnEvent(UserEvents.Deactivated)
  async onDeactivated(event: UserDeactivatedEvent): Promise<void> {
    await this.sessions.revokeAll(event.userId, 'deactivated');
  }
}
