import type { Logger } from '@nestjs/common';
import type { mongo } from 'mongoose';

/**
 * One data migration. `id` starts with its 4-digit number and names the file; migrations run in
 * id order, each once per database. `up` must be idempotent: a crash after it finished but before
 * it was recorded runs it again. Migrations use the raw collections, not the Mongoose models, so
 * a later schema change cannot alter what an old migration does.
 */
export interface Migration {
  id: string;
  description: string;
  up(db: mongo.Db, logger: Logger): Promise<void>;
}
