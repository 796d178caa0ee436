import { Injectable, type OnModuleInit } from '@nestjs/common';
import { OutboxService } from '../outbox/outbox.service';
import { UserEvents } from '../users/users.events';
import { SessionsService } from './sessions.service';

/**
 * Ends sessions when the users module reports an account can no longer be used. Until this runs
 * (within OUTBOX_POLL_MS) the account is already refused: every request and every refresh checks
 * the account's status. Revoking again is harmless, so retries are safe.
 */
@Injectable()
export class UserEventsListener implements OnModuleInit {
  constructor(
    private readonly sessions: SessionsService,
    private readonly outbox: OutboxService,
  ) {}

  onModuleInit(): void {
    this.outbox.subscribe(UserEvents.Deactivated, 'auth.revoke-sessions', async (event, ctx) => {
      await this.sessions.revokeAllOpenedBy(event.userId, 'deactivated', ctx.occurredAt);
    });
  }
}
