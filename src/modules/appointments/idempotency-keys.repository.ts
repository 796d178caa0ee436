import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, trusted } from 'mongoose';
import { isDuplicateKey } from '../../database/duplicate-key';
import { IdempotencyKey, type StoredOutcome } from './schemas/idempotency-key.schema';

export type IdempotencyKeyRecord = IdempotencyKey;

/** The only code that touches the idempotency_keys collection. */
@Injectable()
export class IdempotencyKeysRepository {
  constructor(@InjectModel(IdempotencyKey.name) private readonly model: Model<IdempotencyKey>) {}

  /** Claims a key for a new request; false when the key already exists (E11000 on _id). */
  async claim(id: string, requestHash: string, now: Date): Promise<boolean> {
    try {
      await this.model.create({ _id: id, requestHash, state: 'in_progress', createdAt: now });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) {
        return false;
      }
      throw err;
    }
  }

  find(id: string): Promise<IdempotencyKeyRecord | null> {
    return this.model.findById(id).lean<IdempotencyKeyRecord>().exec();
  }

  async complete(id: string, outcome: StoredOutcome): Promise<void> {
    await this.model
      .updateOne({ _id: id, state: 'in_progress' }, { $set: { state: 'completed', outcome } })
      .exec();
  }

  /** Forgets an in-progress key so the request can be retried (after an unexpected failure). */
  async release(id: string): Promise<void> {
    await this.model.deleteOne({ _id: id, state: 'in_progress' }).exec();
  }

  /**
   * Deletes a key created before `createdBefore`: expired ones the TTL monitor has not removed
   * yet, or an in-progress claim whose process died. Conditional, so only one taker succeeds.
   */
  async removeIfOlderThan(id: string, createdBefore: Date): Promise<boolean> {
    const res = await this.model
      .deleteOne({ _id: id, createdAt: trusted({ $lt: createdBefore }) })
      .exec();
    return res.deletedCount === 1;
  }
}
