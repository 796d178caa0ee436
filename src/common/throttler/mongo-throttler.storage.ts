import { Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { ThrottlerCountersRepository } from './throttler-counters.repository';

/** Enough for every instance to lose one race to another; more means something is wrong. */
const MAX_ATTEMPTS = 5;

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

const seconds = (ms: number): number => Math.max(0, Math.ceil(ms / 1000));

/**
 * @nestjs/throttler storage in MongoDB, so all instances share one count per client and route.
 * Fixed windows with blocking, as the library's in-memory storage: a client over the limit is
 * refused until `blockDuration` has passed, then starts a new window.
 */
@Injectable()
export class MongoThrottlerStorage implements ThrottlerStorage {
  constructor(private readonly counters: ThrottlerCountersRepository) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
  ): Promise<ThrottlerStorageRecord> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const now = new Date();
      const counted =
        (await this.counters.incrementLive(key, now)) ??
        (await this.blocked(key, now)) ??
        (await this.counters.startWindow(key, now, new Date(now.getTime() + ttl)));
      if (!counted) {
        continue;
      }
      const timeToExpire = seconds(counted.windowEndsAt.getTime() - now.getTime());
      if (counted.blockedUntil.getTime() > now.getTime()) {
        return {
          totalHits: counted.hits,
          timeToExpire,
          isBlocked: true,
          timeToBlockExpire: seconds(counted.blockedUntil.getTime() - now.getTime()),
        };
      }
      if (counted.hits > limit) {
        const blockedUntil = new Date(now.getTime() + Math.max(blockDuration, 1));
        const expiresAt = new Date(
          Math.max(blockedUntil.getTime(), counted.windowEndsAt.getTime()),
        );
        await this.counters.block(key, blockedUntil, expiresAt);
        return {
          totalHits: counted.hits,
          timeToExpire,
          isBlocked: true,
          timeToBlockExpire: seconds(blockDuration),
        };
      }
      return { totalHits: counted.hits, timeToExpire, isBlocked: false, timeToBlockExpire: 0 };
    }
    throw new Error(`Rate-limit counter ${key} kept changing under ${MAX_ATTEMPTS} attempts`);
  }

  private async blocked(key: string, now: Date) {
    const current = await this.counters.findByKey(key);
    return current && current.blockedUntil.getTime() > now.getTime() ? current : null;
  }
}
