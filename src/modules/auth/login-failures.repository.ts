import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, trusted } from 'mongoose';
import { LoginFailure } from './schemas/login-failure.schema';

/** The only code that touches the login_failures collection. */
@Injectable()
export class LoginFailuresRepository {
  constructor(@InjectModel(LoginFailure.name) private readonly model: Model<LoginFailure>) {}

  async record(keys: string[], at: Date, expiresAt: Date): Promise<void> {
    await this.model.insertMany(keys.map((key) => ({ key, at, expiresAt })));
  }

  /**
   * When the `n`-th most recent failure under `key` since `since` happened, or null when there
   * are fewer than `n`. Reaching `n` means the key is locked until that failure leaves the window.
   */
  async nthMostRecentSince(key: string, since: Date, n: number): Promise<Date | null> {
    const doc = await this.model
      .findOne({ key, at: trusted({ $gte: since }) }, { at: 1 })
      .sort({ at: -1 })
      .skip(n - 1)
      .lean<{ at: Date }>()
      .exec();
    return doc?.at ?? null;
  }

  async clear(key: string): Promise<void> {
    await this.model.deleteMany({ key }).exec();
  }
}
