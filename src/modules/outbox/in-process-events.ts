import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { DomainEventMap, InProcessEventName } from '../../common/events/domain-events';

/**
 * The publish path of events declared `in-process`: emitted after the commit to @OnEvent
 * listeners, awaited, and a failing listener is logged, never turned into a failed request
 * (the change has happened). Such events may be lost if the process dies; anything that must
 * not be lost is an outbox event instead.
 */
@Injectable()
export class InProcessEvents {
  private readonly logger = new Logger(InProcessEvents.name);

  constructor(private readonly emitter: EventEmitter2) {}

  async emit<N extends InProcessEventName>(event: N, payload: DomainEventMap[N]): Promise<void> {
    try {
      await this.emitter.emitAsync(event, payload);
    } catch (err) {
      this.logger.error(
        `A listener of ${event} failed: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
}
