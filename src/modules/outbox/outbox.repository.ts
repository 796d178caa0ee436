import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types, trusted, type ClientSession } from 'mongoose';
import type { FailureOutcome } from './domain/backoff';
import { insertTyped } from '../../common/persistence/insert-typed';
import { OutboxDelivery, type DeliveryStatus } from './schemas/outbox-delivery.schema';
import { OutboxEvent } from './schemas/outbox-event.schema';

export type OutboxEventRecord = OutboxEvent;
export type OutboxDeliveryRecord = OutboxDelivery;

/** The only code that touches the outbox_events and outbox_deliveries collections. */
@Injectable()
export class OutboxRepository {
  constructor(
    @InjectModel(OutboxEvent.name) private readonly events: Model<OutboxEvent>,
    @InjectModel(OutboxDelivery.name) private readonly deliveries: Model<OutboxDelivery>,
  ) {}

  async keyExists(key: string, session: ClientSession): Promise<boolean> {
    const found = await this.events.findOne({ key }, { _id: 1 }).session(session).lean().exec();
    return found !== null;
  }

  /**
   * Writes an event inside the caller's transaction: one document, which names the handlers
   * subscribed now (`fanOut`); their deliveries are created by `fanOut` below.
   */
  async insertEvent(
    event: Omit<OutboxEvent, '_id' | 'fanOut'>,
    handlers: string[],
    session: ClientSession,
  ): Promise<Types.ObjectId> {
    const _id = new Types.ObjectId();
    await insertTyped(
      this.events,
      [{ _id, ...event, ...(handlers.length > 0 ? { fanOut: handlers } : {}) }],
      session,
    );
    return _id;
  }

  /** Up to `limit` events whose deliveries are not created yet, oldest first. */
  pendingFanOut(limit: number, session?: ClientSession): Promise<OutboxEventRecord[]> {
    return this.events
      .find({ fanOut: trusted({ $exists: true }) }, { name: 1, fanOut: 1, occurredAt: 1 })
      .sort({ occurredAt: 1, _id: 1 })
      .limit(limit)
      .session(session ?? null)
      .lean<OutboxEventRecord[]>()
      .exec();
  }

  /**
   * Creates the deliveries of `events` (one per handler each names) and marks them fanned out,
   * in `session`'s transaction. Two relays fanning out the same events conflict on the events'
   * documents, so one of them retries and finds nothing left.
   */
  async fanOut(events: OutboxEventRecord[], session: ClientSession): Promise<number> {
    const rows = events.flatMap((event) =>
      (event.fanOut ?? []).map((handler) => ({
        eventId: event._id,
        event: event.name,
        handler,
        status: 'pending' as const,
        attempts: 0,
        nextAttemptAt: event.occurredAt,
        claim: null,
        lastError: null,
        doneAt: null,
      })),
    );
    const ids = events.map((e) => e._id);
    const res = await this.events
      .updateMany(
        { _id: trusted({ $in: ids }), fanOut: trusted({ $exists: true }) },
        { $unset: { fanOut: 1 } },
        { session },
      )
      .exec();
    if (res.modifiedCount !== ids.length) {
      // Read in this transaction's snapshot, so only a concurrent fan-out can get here.
      throw new Error('Outbox events were fanned out concurrently');
    }
    await insertTyped(this.deliveries, rows, session);
    return rows.length;
  }

  /**
   * Claims the oldest due pending delivery in one atomic write: it stays pending but is not due
   * again until `claimUntil`, and counts one more attempt. Only deliveries to `handlers` (those
   * this instance has) are claimed, so during a rolling deploy an instance without a new
   * handler leaves its deliveries to the instances that have it. Concurrent drains never get the same
   * claim; a drain that dies simply lets the claim lapse.
   */
  claimDue(
    handlers: string[],
    now: Date,
    claimUntil: Date,
    claim: string,
  ): Promise<OutboxDeliveryRecord | null> {
    return this.deliveries
      .findOneAndUpdate(
        {
          status: 'pending',
          handler: trusted({ $in: handlers }),
          nextAttemptAt: trusted({ $lte: now }),
        },
        { $set: { nextAttemptAt: claimUntil, claim }, $inc: { attempts: 1 } },
        { sort: { nextAttemptAt: 1, _id: 1 }, returnDocument: 'after' },
      )
      .lean<OutboxDeliveryRecord>()
      .exec();
  }

  findEvent(id: Types.ObjectId): Promise<OutboxEventRecord | null> {
    return this.events.findById(id).lean<OutboxEventRecord>().exec();
  }

  findEventsByIds(ids: Types.ObjectId[]): Promise<OutboxEventRecord[]> {
    return this.events
      .find({ _id: trusted({ $in: ids }) })
      .lean<OutboxEventRecord[]>()
      .exec();
  }

  /** Done, if the claim is still ours; in the handler's transaction. */
  async markDone(
    id: Types.ObjectId,
    claim: string,
    now: Date,
    session: ClientSession,
  ): Promise<boolean> {
    const res = await this.deliveries
      .updateOne(
        { _id: id, status: 'pending', claim },
        { $set: { status: 'done', doneAt: now, claim: null, lastError: null } },
        { session },
      )
      .exec();
    return res.matchedCount === 1;
  }

  async markFailed(
    id: Types.ObjectId,
    claim: string,
    outcome: FailureOutcome,
    error: string,
    session?: ClientSession,
  ): Promise<boolean> {
    const set =
      outcome.status === 'dead'
        ? { status: 'dead' as const, claim: null, lastError: error }
        : { nextAttemptAt: outcome.nextAttemptAt, claim: null, lastError: error };
    const res = await this.deliveries
      .updateOne({ _id: id, status: 'pending', claim }, { $set: set }, { session })
      .exec();
    return res.matchedCount === 1;
  }

  /** A dead delivery becomes pending and due at once, with a fresh count of attempts. */
  retryDead(id: string, now: Date): Promise<OutboxDeliveryRecord | null> {
    return this.deliveries
      .findOneAndUpdate(
        { _id: new Types.ObjectId(id), status: 'dead' },
        { $set: { status: 'pending', attempts: 0, nextAttemptAt: now, claim: null } },
        { returnDocument: 'after' },
      )
      .lean<OutboxDeliveryRecord>()
      .exec();
  }

  findDelivery(id: string): Promise<OutboxDeliveryRecord | null> {
    return this.deliveries.findById(new Types.ObjectId(id)).lean<OutboxDeliveryRecord>().exec();
  }

  /** A page of deliveries in a status, most recently changed first. */
  listByStatusQuery(status: DeliveryStatus, skip: number, limit: number) {
    return this.deliveries
      .find({ status })
      .sort({ updatedAt: -1, _id: -1 })
      .skip(skip)
      .limit(limit)
      .lean<OutboxDeliveryRecord[]>();
  }

  async listByStatus(
    status: DeliveryStatus,
    skip: number,
    limit: number,
  ): Promise<{ items: OutboxDeliveryRecord[]; total: number }> {
    const [items, total] = await Promise.all([
      this.listByStatusQuery(status, skip, limit).exec(),
      this.deliveries.countDocuments({ status }).exec(),
    ]);
    return { items, total };
  }
}
