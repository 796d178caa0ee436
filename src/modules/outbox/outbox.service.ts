import { Injectable, Logger } from '@nestjs/common';
import type { ClientSession } from 'mongoose';
import { randomUUID } from 'node:crypto';
import type { DomainEventMap, OutboxEventName } from '../../common/events/domain-events';
import { skipOf, type Page } from '../../common/dto/pagination.dto';
import { AppConfig } from '../../config/app-config';
import { TransactionRunner } from '../../database/transaction-runner';
import { afterFailure } from './domain/backoff';
import { OutboxEvents, type OutboxDeliveryDeadEvent } from './outbox.events';
import { OutboxErrorCode, outboxError } from './outbox.errors';
import {
  OutboxRepository,
  type OutboxDeliveryRecord,
  type OutboxEventRecord,
} from './outbox.repository';
import type { DeliveryStatus } from './schemas/outbox-delivery.schema';

export interface OutboxHandlerContext {
  eventId: string;
  occurredAt: Date;
  /** 1 on the first attempt. */
  attempt: number;
  /**
   * The transaction that marks this delivery done: writes made with it commit together with
   * that mark, or not at all, so a database effect happens exactly once.
   */
  session: ClientSession;
}

export type OutboxHandler<N extends OutboxEventName> = (
  payload: DomainEventMap[N],
  ctx: OutboxHandlerContext,
) => Promise<void>;

export interface PublishOptions {
  /** At most one event per key, ever: publishing an existing key again is a no-op. */
  key?: string;
}

export interface DrainResult {
  delivered: number;
  failed: number;
}

export interface DeliveryView {
  delivery: OutboxDeliveryRecord;
  event: OutboxEventRecord | null;
}

const MAX_ERROR_LENGTH = 500;
/** Events fanned out per transaction. */
const FAN_OUT_BATCH = 100;

class ClaimLost extends Error {}

type AnyHandler = (payload: unknown, ctx: OutboxHandlerContext) => Promise<void>;

/**
 * Domain events that must not be lost. `publish` writes the event, naming every handler
 * subscribed to it, in the caller's transaction; `drain` (the relay job, or a test) creates one
 * delivery per named handler (`fanOut`, in batches) and runs due deliveries, each in a
 * transaction with marking it done, retrying failures with exponential
 * backoff until OUTBOX_MAX_ATTEMPTS, after which the delivery is dead and waits for an admin.
 * Handlers must be idempotent: a delivery whose handler did external work and then crashed
 * before being marked done runs again.
 */
@Injectable()
export class OutboxService {
  private readonly logger = new Logger(OutboxService.name);
  private readonly handlers = new Map<string, { event: OutboxEventName; run: AnyHandler }>();

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly tx: TransactionRunner,
    private readonly config: AppConfig,
  ) {}

  /** Registers a handler (call from onModuleInit). Handler names are unique and stable. */
  subscribe<N extends OutboxEventName>(event: N, handler: string, run: OutboxHandler<N>): void {
    if (this.handlers.has(handler)) {
      throw new Error(`Outbox handler ${handler} is already registered`);
    }
    this.handlers.set(handler, { event, run: run as AnyHandler });
  }

  /** Writes the event in `session`'s transaction, so it exists exactly when the change does. */
  async publish<N extends OutboxEventName>(
    session: ClientSession,
    event: N,
    payload: DomainEventMap[N],
    options: PublishOptions = {},
  ): Promise<void> {
    if (!session.inTransaction()) {
      throw new Error(`Outbox event ${event} must be published inside a transaction`);
    }
    if (options.key !== undefined && (await this.outbox.keyExists(options.key, session))) {
      return;
    }
    const handlers = [...this.handlers].filter(([, h]) => h.event === event).map(([name]) => name);
    await this.outbox.insertEvent(
      { name: event, payload, key: options.key, occurredAt: new Date() },
      handlers,
      session,
    );
  }

  /**
   * Delivers everything due by `now`, one delivery at a time, until nothing is due. Safe to run
   * on several instances at once: each delivery is claimed by one of them.
   */
  async drain(options: { now?: Date } = {}): Promise<DrainResult> {
    const now = options.now ?? new Date();
    const result: DrainResult = { delivered: 0, failed: 0 };
    await this.fanOut();
    const handlers = [...this.handlers.keys()];
    if (handlers.length === 0) {
      return result;
    }
    for (;;) {
      const claim = randomUUID();
      const claimUntil = new Date(now.getTime() + this.config.OUTBOX_CLAIM_SECONDS * 1000);
      const delivery = await this.outbox.claimDue(handlers, now, claimUntil, claim);
      if (!delivery) {
        return result;
      }
      if (await this.deliver(delivery, claim, now)) {
        result.delivered += 1;
      } else {
        result.failed += 1;
      }
    }
  }

  /**
   * Creates the deliveries of every published event that has none yet, for the handlers the
   * event names (those subscribed when it was published, on the instance that published it, so a
   * rolling deploy loses none), a batch per transaction. Returns how many were created.
   */
  async fanOut(): Promise<number> {
    let created = 0;
    for (;;) {
      // Most polls find nothing: a plain read answers that without opening a transaction.
      if ((await this.outbox.pendingFanOut(1)).length === 0) {
        return created;
      }
      const batch = await this.tx.run(async (session) => {
        const events = await this.outbox.pendingFanOut(FAN_OUT_BATCH, session);
        return {
          events: events.length,
          deliveries: events.length > 0 ? await this.outbox.fanOut(events, session) : 0,
        };
      });
      created += batch.deliveries;
      if (batch.events < FAN_OUT_BATCH) {
        return created;
      }
    }
  }

  async list(
    status: DeliveryStatus,
    q: { page: number; limit: number },
  ): Promise<Page<DeliveryView>> {
    const { items, total } = await this.outbox.listByStatus(status, skipOf(q), q.limit);
    const events = await this.outbox.findEventsByIds(items.map((d) => d.eventId));
    const byId = new Map(events.map((e) => [e._id.toHexString(), e]));
    return {
      items: items.map((delivery) => ({
        delivery,
        event: byId.get(delivery.eventId.toHexString()) ?? null,
      })),
      total,
      page: q.page,
      limit: q.limit,
    };
  }

  /** Gives a dead delivery a fresh set of attempts, due at once. */
  async retry(id: string, now: Date = new Date()): Promise<DeliveryView> {
    const retried = await this.outbox.retryDead(id, now);
    if (!retried) {
      const current = await this.outbox.findDelivery(id);
      if (!current) {
        throw outboxError(OutboxErrorCode.DeliveryNotFound, 'Outbox delivery not found');
      }
      throw outboxError(OutboxErrorCode.DeliveryNotDead, 'Only a dead delivery can be retried', {
        status: current.status,
      });
    }
    return { delivery: retried, event: await this.outbox.findEvent(retried.eventId) };
  }

  /** True when the delivery is done. */
  private async deliver(
    delivery: OutboxDeliveryRecord,
    claim: string,
    now: Date,
  ): Promise<boolean> {
    const label = `${delivery.event} -> ${delivery.handler} (delivery ${delivery._id.toHexString()})`;
    try {
      const event = await this.outbox.findEvent(delivery.eventId);
      if (!event) {
        throw new Error('The event of this delivery is missing');
      }
      const handler = this.handlers.get(delivery.handler);
      if (!handler) {
        throw new Error('No handler of that name is registered');
      }
      await this.tx.run(async (session) => {
        await handler.run(event.payload, {
          eventId: event._id.toHexString(),
          occurredAt: event.occurredAt,
          attempt: delivery.attempts,
          session,
        });
        if (!(await this.outbox.markDone(delivery._id, claim, now, session))) {
          throw new ClaimLost();
        }
      });
      return true;
    } catch (err) {
      if (err instanceof ClaimLost) {
        // The claim lapsed and another drain took the delivery: its run counts, ours is undone.
        this.logger.warn(`Outbox ${label}: claim lapsed before the handler finished`);
        return false;
      }
      const message = (err instanceof Error ? err.message : String(err)).slice(0, MAX_ERROR_LENGTH);
      const outcome = afterFailure(delivery.attempts, this.config.OUTBOX_MAX_ATTEMPTS, now);
      if (outcome.status === 'dead' && delivery.event !== OutboxEvents.DeliveryDead) {
        // Dead and announced together, so admins hear of every dead delivery exactly once.
        await this.tx.run(async (session) => {
          if (await this.outbox.markFailed(delivery._id, claim, outcome, message, session)) {
            const dead: OutboxDeliveryDeadEvent = {
              deliveryId: delivery._id.toHexString(),
              event: delivery.event,
              handler: delivery.handler,
              attempts: delivery.attempts,
            };
            await this.publish(session, OutboxEvents.DeliveryDead, dead);
          }
        });
      } else {
        await this.outbox.markFailed(delivery._id, claim, outcome, message);
      }
      if (outcome.status === 'dead') {
        this.logger.error(
          `Outbox ${label} is dead after ${delivery.attempts} attempts: ${message}`,
        );
      } else {
        this.logger.warn(`Outbox ${label} failed (attempt ${delivery.attempts}): ${message}`);
      }
      return false;
    }
  }
}
