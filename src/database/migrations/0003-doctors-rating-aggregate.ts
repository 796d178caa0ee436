import type { mongo } from 'mongoose';
import type { Migration } from './migration';

const BATCH = 500;
const OLD_INDEXES = ['listed_rating', 'listed_spec_rating'];

interface DoctorFields {
  _id: unknown;
  rating?: unknown;
  ratingAverage?: unknown;
  ratingCount?: unknown;
}

/**
 * Doctors stored before reviews existed carry `ratingAverage` / `ratingCount` (never backed by a
 * review: nothing wrote them but tests) and no `rating` aggregate. This gives them an empty
 * aggregate (count, sum, per-star counters, average, score all 0), drops the old fields and the
 * old rating-sort indexes over `ratingAverage` (listed_rating, listed_spec_rating); the
 * review repair job recounts every aggregate from the reviews afterwards. Reads in _id order
 * (the _id index serves it) and touches only documents that still lack `rating`, so a re-run
 * changes nothing.
 */
export const migration: Migration = {
  id: '0003-doctors-rating-aggregate',
  description: 'Replace ratingAverage/ratingCount with the rating aggregate on doctors',
  async up(db, logger) {
    const doctors = db.collection<DoctorFields>('doctors');
    let ops: mongo.AnyBulkWriteOperation<DoctorFields>[] = [];
    let changed = 0;
    const flush = async (): Promise<void> => {
      if (ops.length) {
        changed += (await doctors.bulkWrite(ops, { ordered: false })).modifiedCount;
        ops = [];
      }
    };
    const cursor = doctors.find(
      {},
      { sort: { _id: 1 }, hint: { _id: 1 }, projection: { rating: 1 }, batchSize: BATCH },
    );
    for await (const d of cursor) {
      if (d.rating !== undefined && d.rating !== null) {
        continue;
      }
      ops.push({
        updateOne: {
          filter: { _id: d._id, rating: { $exists: false } },
          update: {
            $set: {
              rating: {
                count: 0,
                sum: 0,
                star1: 0,
                star2: 0,
                star3: 0,
                star4: 0,
                star5: 0,
                average: 0,
                score: 0,
              },
            },
            $unset: { ratingAverage: '', ratingCount: '' },
          },
        },
      });
      if (ops.length >= BATCH) {
        await flush();
      }
    }
    await flush();
    // The old rating sort's indexes (keys on ratingAverage); the new ones have other names.
    for (const name of OLD_INDEXES) {
      await doctors.dropIndex(name).catch((err: { code?: number }) => {
        if (err.code !== 27 && err.code !== 26) {
          throw err;
        } // 27: IndexNotFound, 26: NamespaceNotFound
      });
    }
    logger.log(`0003: gave ${changed} doctor(s) a rating aggregate`);
  },
};
