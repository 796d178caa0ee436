import { Logger } from '@nestjs/common';
import type { Connection, mongo } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { MIGRATIONS } from './index';
import type { Migration } from './migration';
import { isDuplicateKey } from '../duplicate-key';

export const MIGRATIONS_COLLECTION = 'migrations';
const LOCK_ID = 'lock';

interface AppliedDoc {
  _id: string;
  appliedAt?: Date;
  durationMs?: number;
  owner?: string;
  expiresAt?: Date;
}

export interface MigrationStatus {
  id: string;
  description: string;
  appliedAt: Date | null;
}

export interface RunnerOptions {
  /** A holder that stops renewing (crashed) loses the lock after this long. */
  lockMs?: number;
  /** How long to wait for another instance's run before giving up. */
  waitMs?: number;
  pollMs?: number;
  migrations?: readonly Migration[];
}

export interface RunResult {
  /** Migrations this call ran (empty when another instance ran them, or none were pending). */
  applied: string[];
  /** Whether this call had to wait for another instance holding the lock. */
  waited: boolean;
}

/**
 * Runs numbered data migrations once per database. Applied migrations are documents in the
 * `migrations` collection; a lock document (with an expiry renewed while running) lets exactly
 * one of several starting instances run them, while the others wait until it is done and then
 * find nothing pending.
 */
export class MigrationRunner {
  private readonly owner = randomUUID();
  private readonly lockMs: number;
  private readonly waitMs: number;
  private readonly pollMs: number;
  private readonly migrations: readonly Migration[];
  private readonly collection: mongo.Collection<AppliedDoc>;
  private readonly db: mongo.Db;

  constructor(
    connection: Connection,
    private readonly logger = new Logger('Migrations'),
    options: RunnerOptions = {},
  ) {
    if (!connection.db) {
      throw new Error('The MongoDB connection is not open');
    }
    this.collection = connection.db.collection<AppliedDoc>(MIGRATIONS_COLLECTION);
    this.lockMs = options.lockMs ?? 60_000;
    this.waitMs = options.waitMs ?? 10 * 60_000;
    this.pollMs = options.pollMs ?? 500;
    this.migrations = options.migrations ?? MIGRATIONS;
    this.db = connection.db;
  }

  async status(): Promise<MigrationStatus[]> {
    const applied = await this.applied();
    return this.migrations.map((m) => ({
      id: m.id,
      description: m.description,
      appliedAt: applied.get(m.id) ?? null,
    }));
  }

  async up(): Promise<RunResult> {
    const waited = await this.lock();
    const heartbeat = setInterval(() => void this.renew(), Math.max(this.lockMs / 3, 10));
    heartbeat.unref();
    try {
      const done = await this.applied();
      const pending = this.migrations.filter((m) => !done.has(m.id));
      const applied: string[] = [];
      for (const migration of pending) {
        this.logger.log(`Running migration ${migration.id}: ${migration.description}`);
        const started = Date.now();
        await migration.up(this.db, this.logger);
        await this.collection.insertOne({
          _id: migration.id,
          appliedAt: new Date(),
          durationMs: Date.now() - started,
        });
        applied.push(migration.id);
      }
      if (applied.length) {
        this.logger.log(`Applied ${applied.length} migration(s)`);
      }
      return { applied, waited };
    } finally {
      clearInterval(heartbeat);
      await this.collection.deleteOne({ _id: LOCK_ID, owner: this.owner });
    }
  }

  private async applied(): Promise<Map<string, Date>> {
    // Hinted: the _id index serves the read even where collection scans are refused.
    const docs = await this.collection.find({}, { hint: { _id: 1 } }).toArray();
    return new Map(
      docs.filter((d) => d._id !== LOCK_ID && d.appliedAt).map((d) => [d._id, d.appliedAt as Date]),
    );
  }

  /** Takes the lock, waiting while another live holder has it. Returns whether it waited. */
  private async lock(): Promise<boolean> {
    const deadline = Date.now() + this.waitMs;
    let waited = false;
    for (;;) {
      if (await this.tryLock()) {
        return waited;
      }
      if (!waited) {
        this.logger.log('Another instance is running migrations; waiting for it');
      }
      waited = true;
      if (Date.now() > deadline) {
        throw new Error(
          `Migrations are locked by another instance for over ${Math.round(this.waitMs / 1000)} s`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, this.pollMs));
    }
  }

  /** One atomic write: matches a free (expired) lock, or creates it; a live one refuses the insert. */
  private async tryLock(): Promise<boolean> {
    const now = new Date();
    try {
      await this.collection.findOneAndUpdate(
        { _id: LOCK_ID, expiresAt: { $lte: now } },
        { $set: { owner: this.owner, expiresAt: new Date(now.getTime() + this.lockMs) } },
        { upsert: true },
      );
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) {
        return false;
      }
      throw err;
    }
  }

  private async renew(): Promise<void> {
    await this.collection
      .updateOne(
        { _id: LOCK_ID, owner: this.owner },
        { $set: { expiresAt: new Date(Date.now() + this.lockMs) } },
      )
      .catch((err: unknown) =>
        this.logger.warn(`Could not renew the migrations lock: ${String(err)}`),
      );
  }
}
