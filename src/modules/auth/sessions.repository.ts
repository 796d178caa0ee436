import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types, trusted } from 'mongoose';
import { Session, type SessionRevokeReason } from './schemas/session.schema';

export type SessionRecord = Session;

export interface NewSession {
  _id: Types.ObjectId;
  userId: string;
  tokenHash: string;
  userAgent: string;
  ip: string;
  now: Date;
  expiresAt: Date;
}

/** What the per-request check needs. */
export type SessionState = Pick<Session, '_id' | 'userId' | 'revokedAt' | 'expiresAt'>;

const oid = (id: string): Types.ObjectId => new Types.ObjectId(id);

/** The only code that touches the sessions collection. */
@Injectable()
export class SessionsRepository {
  constructor(@InjectModel(Session.name) private readonly model: Model<Session>) {}

  async create(s: NewSession): Promise<SessionRecord> {
    const doc = await this.model.create({
      _id: s._id,
      userId: oid(s.userId),
      tokenHash: s.tokenHash,
      userAgent: s.userAgent,
      ip: s.ip,
      createdAt: s.now,
      lastUsedAt: s.now,
      expiresAt: s.expiresAt,
    });
    return doc.toObject();
  }

  findById(id: string): Promise<SessionRecord | null> {
    return this.model.findById(id).lean<SessionRecord>().exec();
  }

  findState(id: string): Promise<SessionState | null> {
    return this.model
      .findById(id, { userId: 1, revokedAt: 1, expiresAt: 1 })
      .lean<SessionState>()
      .exec();
  }

  /**
   * Replaces the refresh-token hash only if `currentHash` is still the live one: of several
   * requests presenting the same token, exactly one matches this filter.
   */
  rotate(
    id: string,
    currentHash: string,
    nextHash: string,
    now: Date,
    expiresAt: Date,
  ): Promise<SessionRecord | null> {
    return this.model
      .findOneAndUpdate(
        {
          _id: oid(id),
          tokenHash: currentHash,
          revokedAt: null,
          expiresAt: trusted({ $gt: now }),
        },
        { $set: { tokenHash: nextHash, lastUsedAt: now, expiresAt } },
        { returnDocument: 'after' },
      )
      .lean<SessionRecord>()
      .exec();
  }

  /** Revokes one live session, optionally only if it belongs to `userId`. */
  async revoke(
    id: string,
    reason: SessionRevokeReason,
    now: Date,
    userId?: string,
  ): Promise<boolean> {
    const res = await this.model
      .updateOne(
        {
          _id: oid(id),
          ...(userId ? { userId: oid(userId) } : {}),
          revokedAt: null,
          expiresAt: trusted({ $gt: now }),
        },
        { $set: { revokedAt: now, revokedReason: reason } },
      )
      .exec();
    return res.modifiedCount > 0;
  }

  async revokeAllOfUser(
    userId: string,
    reason: SessionRevokeReason,
    now: Date,
    exceptId?: string,
    createdBy?: Date,
  ): Promise<number> {
    const res = await this.model
      .updateMany(
        {
          userId: oid(userId),
          revokedAt: null,
          ...(exceptId ? { _id: trusted({ $ne: oid(exceptId) }) } : {}),
          ...(createdBy ? { createdAt: trusted({ $lte: createdBy }) } : {}),
        },
        { $set: { revokedAt: now, revokedReason: reason } },
      )
      .exec();
    return res.modifiedCount;
  }

  findActiveOfUser(userId: string, now: Date): Promise<SessionRecord[]> {
    return this.model
      .find({ userId: oid(userId), revokedAt: null, expiresAt: trusted({ $gt: now }) })
      .sort({ lastUsedAt: -1, _id: -1 })
      .limit(500)
      .lean<SessionRecord[]>()
      .exec();
  }

  /** Has the user a live session from `ip`, or signed in from it since `since`? */
  async hasSignedInFrom(userId: string, ip: string, since: Date, now: Date): Promise<boolean> {
    const found = await this.model
      .exists({
        userId: oid(userId),
        ip,
        $or: [
          { createdAt: trusted({ $gte: since }) },
          { revokedAt: null, expiresAt: trusted({ $gt: now }) },
        ],
      })
      .exec();
    return found !== null;
  }

  /** Every session of the user kept (live, revoked, not yet expired), for the data export. */
  listAllOfUser(userId: string): Promise<Omit<SessionRecord, 'tokenHash'>[]> {
    return this.model
      .find({ userId: oid(userId) })
      .select('-tokenHash')
      .sort({ createdAt: -1, _id: -1 })
      .lean<Omit<SessionRecord, 'tokenHash'>[]>()
      .exec();
  }
}
