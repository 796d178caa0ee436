import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, trusted, Types, type ClientSession } from 'mongoose';
import type { Provider } from './domain/provider';
import { Refund, type RefundReason, type RefundStatus } from './schemas/refund.schema';

export type RefundRecord = Refund;

export interface NewRefund {
  key: string;
  paymentId: Types.ObjectId;
  appointmentId: Types.ObjectId;
  provider: Provider;
  reason: RefundReason;
  amount: number;
  currency: string;
}

/** The only code that touches the refunds collection. */
@Injectable()
export class RefundsRepository {
  constructor(@InjectModel(Refund.name) private readonly model: Model<Refund>) {}

  /**
   * Records the refund intent once per key: a second call (a redelivered event, a retry, another
   * instance) returns the refund already recorded.
   */
  async ensure(input: NewRefund, session?: ClientSession): Promise<RefundRecord> {
    const doc = await this.model
      .findOneAndUpdate(
        { key: input.key },
        { $setOnInsert: { ...input, status: 'pending' satisfies RefundStatus } },
        { upsert: true, returnDocument: 'after', session: session ?? null },
      )
      .lean<RefundRecord>()
      .exec();
    return doc;
  }

  findById(id: string | Types.ObjectId): Promise<RefundRecord | null> {
    return this.model.findById(id).lean<RefundRecord>().exec();
  }

  listForPayments(paymentIds: Types.ObjectId[]): Promise<RefundRecord[]> {
    if (paymentIds.length === 0) {
      return Promise.resolve([]);
    }
    return this.model
      .find({ paymentId: trusted({ $in: paymentIds }) })
      .sort({ createdAt: 1 })
      .lean<RefundRecord[]>()
      .exec();
  }

  /**
   * Takes the refund for one attempt: only a pending or failed refund nobody else is attempting
   * right now. Null when it succeeded already or another runner holds it.
   */
  claim(id: Types.ObjectId, now: Date, lockedUntil: Date): Promise<RefundRecord | null> {
    return this.model
      .findOneAndUpdate(
        {
          _id: id,
          status: trusted({ $in: ['pending', 'failed'] }),
          $or: [{ lockedUntil: null }, { lockedUntil: trusted({ $lte: now }) }],
        },
        { $set: { lockedUntil, lastAttemptAt: now }, $inc: { attempts: 1 } },
        { returnDocument: 'after' },
      )
      .lean<RefundRecord>()
      .exec();
  }

  /** The provider accepted it: recorded exactly once (only a refund not yet succeeded matches). */
  markSucceeded(
    id: Types.ObjectId,
    providerRefundId: string,
    creditNoteNumber: string | null,
    at: Date,
    session: ClientSession,
  ): Promise<RefundRecord | null> {
    return this.model
      .findOneAndUpdate(
        { _id: id, status: trusted({ $in: ['pending', 'failed'] }) },
        {
          $set: {
            status: 'succeeded',
            providerRefundId,
            creditNoteNumber,
            refundedAt: at,
            lockedUntil: null,
            lastError: null,
          },
        },
        { returnDocument: 'after', session },
      )
      .lean<RefundRecord>()
      .exec();
  }

  markFailed(
    id: Types.ObjectId,
    error: string,
    session?: ClientSession,
  ): Promise<RefundRecord | null> {
    return this.model
      .findOneAndUpdate(
        { _id: id, status: trusted({ $in: ['pending', 'failed'] }) },
        { $set: { status: 'failed', lastError: error, lockedUntil: null } },
        { returnDocument: 'after', session },
      )
      .lean<RefundRecord>()
      .exec();
  }

  /** Refunds not succeeded and untouched since `before`: stuck after a crash, or failed. */
  findUnfinishedBefore(before: Date, limit: number): Promise<RefundRecord[]> {
    return this.model
      .find({
        status: trusted({ $in: ['pending', 'failed'] }),
        updatedAt: trusted({ $lte: before }),
      })
      .sort({ updatedAt: 1 })
      .limit(limit)
      .lean<RefundRecord[]>()
      .exec();
  }

  async listByStatus(
    status: RefundStatus | undefined,
    skip: number,
    limit: number,
  ): Promise<{ items: RefundRecord[]; total: number }> {
    const filter: Record<string, unknown> = {
      status: status ?? trusted({ $in: ['pending', 'succeeded', 'failed'] }),
    };
    const [items, total] = await Promise.all([
      this.model
        .find(filter)
        .sort({ status: 1, updatedAt: -1 })
        .skip(skip)
        .limit(limit)
        .lean<RefundRecord[]>()
        .exec(),
      this.model.countDocuments(filter).exec(),
    ]);
    return { items, total };
  }
}
