import { Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types, mongo, type ClientSession } from 'mongoose';
import { afterCommit } from '../../database/transaction-runner';
import { CalendarVersion } from './schemas/calendar-version.schema';
import { DoctorsService } from '../doctors/doctors.service';

/**
 * The per-doctor change counter behind the slots cache, shared by every instance through the
 * database. The protocol that keeps a cached answer from outliving the data it was built from:
 *
 * - writers call `changed` for every write that can change a doctor's slots; the counter is
 *   bumped after that write is durable (after the commit when it runs in a transaction), and
 *   before the writer's request answers, so a client that saw its booking succeed on one
 *   instance sees it on every other;
 * - readers read the counter FIRST and the schedule, overrides and appointments after it, and
 *   store what they built under the counter they read. A reader that raced a writer read either
 *   the old counter (its entry is replaced at the next read, which sees the new one) or the new
 *   counter, which is only written after the data, so it also read the new data.
 *
 * A bump lost to a crash between the commit and the bump is covered by the cache's maximum age.
 *
 * Bumps of one doctor are coalesced within an instance: a caller that arrives while a bump of
 * that doctor is on its way cannot count on it (it may have been applied before the caller's
 * commit), so it waits for the one bump that starts when the current one ends, which every
 * caller arriving meanwhile shares. Each caller still returns only after a bump that started
 * after it asked, which is all the protocol needs; a popular doctor's bookings then cost one
 * write per round of bumps instead of one each (README, "Where the time goes").
 */
@Injectable()
export class CalendarVersions {
  private readonly logger = new Logger(CalendarVersions.name);
  /** Per doctor: the bump on its way, and the one queued behind it for later callers. */
  private readonly inFlight = new Map<string, { done: Promise<void>; next?: Promise<void> }>();

  constructor(
    @InjectModel(CalendarVersion.name) private readonly model: Model<CalendarVersion>,
    private readonly doctors: DoctorsService,
  ) {}

  /** The doctor's current counter (0 before the first change). */
  async read(doctorId: string): Promise<number> {
    const doc = await this.model
      .findById(new Types.ObjectId(doctorId), { v: 1 })
      .lean<Pick<CalendarVersion, 'v'>>()
      .exec();
    return doc?.v ?? 0;
  }

  /**
   * Announces that the doctor's slots may have changed: after `session`'s transaction commits,
   * or now without one. Never throws: a failed bump is logged, and the change stays visible to
   * cached readers at the latest after the cache's maximum age.
   */
  changed(doctorId: string, session?: ClientSession | null): Promise<void> {
    return afterCommit(session, () => this.bump(doctorId));
  }

  /**
   * `changed`, for a change of the doctor's weekly hours or overrides: also bumps the schedule
   * version on the doctor's profile (after the commit, like the counter), which booking's
   * cached schedules are checked against (schedule-cache.ts).
   */
  scheduleChanged(doctorId: string, session?: ClientSession | null): Promise<void> {
    return afterCommit(session, async () => {
      await Promise.all([this.bump(doctorId), this.bumpSchedule(doctorId)]);
    });
  }

  private async bumpSchedule(doctorId: string): Promise<void> {
    try {
      await this.doctors.scheduleChanged(doctorId);
    } catch (err) {
      this.logger.warn(
        `Schedule version of doctor ${doctorId} not bumped: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }

  /** Resolves after a bump of the doctor's counter that started after this call. */
  private bump(doctorId: string): Promise<void> {
    const current = this.inFlight.get(doctorId);
    if (current) {
      current.next ??= current.done.then(() => this.startBump(doctorId));
      return current.next;
    }
    return this.startBump(doctorId);
  }

  private startBump(doctorId: string): Promise<void> {
    const entry: { done: Promise<void>; next?: Promise<void> } = {
      done: this.write(doctorId).finally(() => {
        // With callers queued, their bump replaces this entry when it starts.
        if (this.inFlight.get(doctorId) === entry && !entry.next) {
          this.inFlight.delete(doctorId);
        }
      }),
    };
    this.inFlight.set(doctorId, entry);
    return entry.done;
  }

  /** One `$inc` of the counter; never rejects (a failure is logged). */
  private async write(doctorId: string): Promise<void> {
    const _id = new Types.ObjectId(doctorId);
    for (let attempt = 1; ; attempt++) {
      try {
        // The driver's updateOne: every booking (or round of them) writes it.
        await this.model.collection.updateOne({ _id }, { $inc: { v: 1 } }, { upsert: true });
        return;
      } catch (err) {
        // Two first bumps of one doctor can both try to insert; the loser updates instead.
        if (attempt === 1 && err instanceof mongo.MongoServerError && err.code === 11000) {
          continue;
        }
        this.logger.warn(
          `Calendar version of doctor ${doctorId} not bumped: ${err instanceof Error ? err.message : String(err)}`,
        );
        return;
      }
    }
  }
}
