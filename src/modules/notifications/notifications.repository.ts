import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types, trusted, type ClientSession } from 'mongoose';
import { EmailDelivery } from './schemas/email-delivery.schema';
import { Notification, NotificationCounter } from './schemas/notification.schema';
import { NotificationPreferences } from './schemas/notification-preferences.schema';

export type NotificationRecord = Notification;
export type EmailDeliveryRecord = EmailDelivery;

const oid = (id: string): Types.ObjectId => new Types.ObjectId(id);

export interface NewNotification {
  userId: string;
  type: string;
  key: string;
  title: string;
  body: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface NewEmail {
  key: string;
  userId: string;
  type: string;
  eventId: string;
  payload: unknown;
  messageId: string;
  due: Date;
}

/** The only code that touches the notifications module's collections. */
@Injectable()
export class NotificationsRepository {
  constructor(
    @InjectModel(Notification.name) private readonly notifications: Model<Notification>,
    @InjectModel(NotificationCounter.name) private readonly counters: Model<NotificationCounter>,
    @InjectModel(EmailDelivery.name) private readonly emails: Model<EmailDelivery>,
    @InjectModel(NotificationPreferences.name)
    private readonly preferences: Model<NotificationPreferences>,
  ) {}

  // ---- In-app ----

  /**
   * Inserts the notification unless the user already has one with its key; in the delivery's
   * transaction. The sequence comes from the user's counter, bumped in the same transaction, so
   * two transactions for one user conflict there and sequences follow commit order.
   */
  async insertOnce(n: NewNotification, session: ClientSession): Promise<boolean> {
    const existing = await this.notifications
      .findOne({ userId: oid(n.userId), key: n.key }, { _id: 1 })
      .session(session)
      .lean()
      .exec();
    if (existing) {
      return false;
    }
    const counter = await this.counters
      .findOneAndUpdate(
        { _id: oid(n.userId) },
        { $inc: { seq: 1 } },
        { upsert: true, returnDocument: 'after', session },
      )
      .lean<NotificationCounter>()
      .exec();
    await this.notifications.create(
      [{ ...n, userId: oid(n.userId), seq: counter.seq, readAt: null }],
      { session },
    );
    return true;
  }

  listQuery(userId: string, unreadOnly: boolean, skip: number, limit: number) {
    return unreadOnly
      ? this.notifications
          .find({ userId: oid(userId), readAt: null })
          .sort({ createdAt: -1 })
          .hint('user_read_created')
          .skip(skip)
          .limit(limit)
          .lean<NotificationRecord[]>()
      : this.notifications
          .find({ userId: oid(userId) })
          .sort({ seq: -1 })
          .skip(skip)
          .limit(limit)
          .lean<NotificationRecord[]>();
  }

  /** Counts up to `bound` (a count never scans more than that many index keys). */
  count(userId: string, unreadOnly: boolean, bound: number): Promise<number> {
    return this.notifications
      .countDocuments(
        unreadOnly ? { userId: oid(userId), readAt: null } : { userId: oid(userId) },
        { limit: bound },
      )
      .exec();
  }

  markRead(userId: string, id: string, at: Date): Promise<NotificationRecord | null> {
    return this.notifications
      .findOneAndUpdate(
        { _id: oid(id), userId: oid(userId), readAt: null },
        { $set: { readAt: at } },
        { returnDocument: 'after' },
      )
      .lean<NotificationRecord>()
      .exec();
  }

  findOwn(userId: string, id: string): Promise<NotificationRecord | null> {
    return this.notifications
      .findOne({ _id: oid(id), userId: oid(userId) })
      .lean<NotificationRecord>()
      .exec();
  }

  async markAllRead(userId: string, before: Date, at: Date): Promise<number> {
    const res = await this.notifications
      .updateMany(
        { userId: oid(userId), readAt: null, createdAt: trusted({ $lt: before }) },
        { $set: { readAt: at } },
      )
      .exec();
    return res.modifiedCount;
  }

  /** Deletes a user's unread notifications of a type whose key starts with `keyPrefix`. */
  async withdrawUnread(
    w: { userId: string; type: string; keyPrefix: string },
    session: ClientSession,
  ): Promise<number> {
    const escaped = w.keyPrefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const res = await this.notifications
      .deleteMany(
        {
          userId: oid(w.userId),
          key: trusted({ $regex: `^${escaped}` }),
          type: w.type,
          readAt: null,
        },
        { session },
      )
      .exec();
    return res.deletedCount;
  }

  /**
   * The stream's one query per tick: for each connected user, notifications after the last
   * sequence that user's stream has seen (an $or of index ranges on user_seq).
   */
  newerThan(cursors: { userId: string; seq: number }[], limit: number) {
    return this.notifications
      .find({
        $or: cursors.map((c) => ({ userId: oid(c.userId), seq: trusted({ $gt: c.seq }) })),
      })
      .sort({ userId: 1, seq: 1 })
      .limit(limit)
      .lean<NotificationRecord[]>();
  }

  async lastSeq(userId: string): Promise<number> {
    const c = await this.counters.findById(oid(userId)).lean<NotificationCounter>().exec();
    return c?.seq ?? 0;
  }

  // ---- E-mail ----

  /** Inserts the e-mail unless one exists for its (key, channel, user); in the transaction. */
  async insertEmailOnce(e: NewEmail, session: ClientSession): Promise<boolean> {
    const filter = { key: e.key, channel: 'email' as const, userId: oid(e.userId) };
    const res = await this.emails
      .updateOne(
        filter,
        {
          $setOnInsert: {
            ...filter,
            type: e.type,
            eventId: e.eventId,
            payload: e.payload,
            status: 'pending',
            attempts: 0,
            nextAttemptAt: e.due,
            claim: null,
            messageId: e.messageId,
            lastError: null,
            skipReason: null,
            sentAt: null,
          },
        },
        { upsert: true, session },
      )
      .exec();
    return res.upsertedCount === 1;
  }

  claimDueEmail(now: Date, claimUntil: Date, claim: string): Promise<EmailDeliveryRecord | null> {
    return this.emails
      .findOneAndUpdate(
        { status: 'pending', nextAttemptAt: trusted({ $lte: now }) },
        { $set: { nextAttemptAt: claimUntil, claim }, $inc: { attempts: 1 } },
        { sort: { nextAttemptAt: 1 }, returnDocument: 'after' },
      )
      .lean<EmailDeliveryRecord>()
      .exec();
  }

  async finishEmail(
    id: Types.ObjectId,
    claim: string,
    set:
      | { status: 'sent'; sentAt: Date }
      | { status: 'skipped'; skipReason: string }
      | { status: 'dead'; lastError: string }
      | { status: 'pending'; nextAttemptAt: Date; lastError: string },
  ): Promise<boolean> {
    const res = await this.emails
      .updateOne({ _id: id, status: 'pending', claim }, { $set: { ...set, claim: null } })
      .exec();
    return res.matchedCount === 1;
  }

  /**
   * Skips a claimed e-mail and frees its key (renamed, kept for the record), so the same fact
   * may produce an e-mail again later (an appointment moved back to its first time).
   */
  async releaseSkipped(row: EmailDeliveryRecord, claim: string, reason: string): Promise<void> {
    await this.emails
      .updateOne(
        { _id: row._id, status: 'pending', claim },
        {
          $set: {
            status: 'skipped',
            skipReason: reason,
            claim: null,
            key: `${row.key}#skipped:${row._id.toHexString()}`,
          },
        },
      )
      .exec();
  }

  /** Everything kept about a purged account: its inbox, e-mails, counter and preferences. */
  async eraseUser(userId: string, session: ClientSession): Promise<void> {
    const id = oid(userId);
    await this.notifications.deleteMany({ userId: id }, { session }).exec();
    await this.emails.deleteMany({ userId: id }, { session }).exec();
    await this.counters.deleteOne({ _id: id }, { session }).exec();
    await this.preferences.deleteOne({ _id: id }, { session }).exec();
  }

  // ---- Preferences ----

  async switchedOff(userId: string, session?: ClientSession): Promise<string[]> {
    const q = this.preferences.findById(oid(userId));
    const doc = await (session ? q.session(session) : q).lean<NotificationPreferences>().exec();
    return doc?.off ?? [];
  }

  async setSwitchedOff(userId: string, off: string[]): Promise<void> {
    await this.preferences
      .updateOne({ _id: oid(userId) }, { $set: { off } }, { upsert: true })
      .exec();
  }

  async switchOff(userId: string, entry: string): Promise<void> {
    await this.preferences
      .updateOne({ _id: oid(userId) }, { $addToSet: { off: entry } }, { upsert: true })
      .exec();
  }

  // ---- The data export ----

  /** The user's whole inbox, newest first (`user_seq`). */
  listAllOfUser(userId: string): Promise<NotificationRecord[]> {
    return this.notifications
      .find({ userId: oid(userId) })
      .sort({ seq: -1 })
      .lean<NotificationRecord[]>()
      .exec();
  }

  /** The e-mails written for the user, without what they were rendered from (`user`). */
  listEmailsOfUser(userId: string): Promise<Omit<EmailDeliveryRecord, 'payload' | 'claim'>[]> {
    return this.emails
      .find({ userId: oid(userId) })
      .select('-payload -claim')
      .sort({ createdAt: -1 })
      .lean<Omit<EmailDeliveryRecord, 'payload' | 'claim'>[]>()
      .exec();
  }
}
