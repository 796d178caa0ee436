import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types, trusted } from 'mongoose';
import { PasswordReset } from './schemas/password-reset.schema';

export type PasswordResetRecord = PasswordReset;

/** The only code that touches the password_resets collection. */
@Injectable()
export class PasswordResetsRepository {
  constructor(@InjectModel(PasswordReset.name) private readonly model: Model<PasswordReset>) {}

  async create(userId: string, tokenHash: string, now: Date, expiresAt: Date): Promise<void> {
    await this.model.create({
      userId: new Types.ObjectId(userId),
      tokenHash,
      createdAt: now,
      expiresAt,
    });
  }

  /** Marks the token used if it is unused and unexpired; only one caller can win. */
  consume(tokenHash: string, now: Date): Promise<PasswordResetRecord | null> {
    return this.model
      .findOneAndUpdate(
        { tokenHash, usedAt: null, expiresAt: trusted({ $gt: now }) },
        { $set: { usedAt: now } },
        { returnDocument: 'after' },
      )
      .lean<PasswordResetRecord>()
      .exec();
  }

  /** Ends every outstanding token of the user (after a successful reset). */
  async invalidateAllOfUser(userId: string, now: Date): Promise<void> {
    await this.model
      .updateMany({ userId: new Types.ObjectId(userId), usedAt: null }, { $set: { usedAt: now } })
      .exec();
  }

  /** The user's reset requests still kept (until they expire), for the data export. */
  listOfUser(userId: string): Promise<Omit<PasswordResetRecord, 'tokenHash'>[]> {
    return this.model
      .find({ userId: new Types.ObjectId(userId) })
      .select('-tokenHash')
      .sort({ createdAt: -1 })
      .lean<Omit<PasswordResetRecord, 'tokenHash'>[]>()
      .exec();
  }
}
