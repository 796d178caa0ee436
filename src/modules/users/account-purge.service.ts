import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { TransactionRunner } from '../../database/transaction-runner';
import { MediaService } from '../media/media.service';
import { OutboxService } from '../outbox/outbox.service';
import type { User } from './schemas/user.schema';
import { UserEvents, type UserPurgedEvent } from './users.events';
import { UsersRepository, type UserRecord } from './users.repository';

const PURGE_BATCH = 100;
export const PURGED_NAME = 'Deleted user';
/** The address a purged account gets: unique, never deliverable (.invalid, RFC 2606). */
export const purgedEmail = (userId: string): string => `purged+${userId}@deleted.invalid`;

/** Erases deleted accounts once their recovery window has ended (run by the purge job). */
@Injectable()
export class AccountPurgeService {
  constructor(
    private readonly users: UsersRepository,
    private readonly outbox: OutboxService,
    private readonly tx: TransactionRunner,
    private readonly media: MediaService,
  ) {}

  /**
   * Erases the personal data of deleted accounts whose recovery window ended by `now`. Safe to
   * run concurrently: each account is claimed by a conditional write, so it is purged (and its
   * Purged event published) once. Returns how many accounts this call purged.
   */
  async purgeExpiredAccounts(now: Date): Promise<number> {
    let purged = 0;
    const seen = new Set<string>();
    for (;;) {
      const due = (await this.users.findPurgeDue(now, PURGE_BATCH)).filter(
        (u) => !seen.has(u._id.toHexString()),
      );
      if (due.length === 0) {
        break;
      }
      for (const user of due) {
        const id = user._id.toHexString();
        seen.add(id);
        if (await this.purgeOne(user, now)) {
          purged += 1;
        }
      }
    }
    return purged;
  }

  private async purgeOne(user: UserRecord, now: Date): Promise<boolean> {
    const id = user._id.toHexString();
    // Storage first: if the process dies after this, the record is still due and is retried.
    await this.media.delete(user.avatar);
    const anonymized: Partial<User> = {
      email: purgedEmail(id),
      name: PURGED_NAME,
      phone: null,
      gender: null,
      dateOfBirth: null,
      address: { line1: '', line2: '' },
      avatar: null,
      // Not a bcrypt hash, so no password can ever match it.
      passwordHash: `!purged:${randomBytes(32).toString('hex')}`,
      passwordChangedAt: now,
      mustChangePassword: false,
      deletionReason: null,
      suspensionReason: null,
      purgedAt: now,
    };
    // The erasure and its event commit together: every module's copy of the personal data is
    // then erased by the event's handlers, however often the process dies meanwhile.
    return this.tx.run(async (session) => {
      const done = await this.users.anonymizeIfPurgeDue(id, now, anonymized, session);
      if (!done) {
        return false;
      } // recovered meanwhile, or another runner got it first
      const event: UserPurgedEvent = { userId: id };
      await this.outbox.publish(session, UserEvents.Purged, event);
      return true;
    });
  }
}
