import type { Migration } from './migration';

const COLLECTION = 'calendar_versions';

/**
 * `calendar_versions` held a change counter per doctor that every booking, cancellation and move
 * bumped, and slots caches compared. The caches now compare the taken time itself, read on every
 * request, so nothing reads or writes the counter any more. Dropping a collection that is not
 * there is a no-op, so a re-run changes nothing. (Instances of the previous version still running
 * during a rolling deploy may write it again; it is then an unused leftover, a few bytes per
 * doctor, and this migration has already been recorded.)
 */
export const migration: Migration = {
  id: '0004-drop-calendar-versions',
  description: 'Drop calendar_versions (the slots caches no longer use a change counter)',
  async up(db, logger) {
    const found = await db.listCollections({ name: COLLECTION }, { nameOnly: true }).toArray();
    if (found.length === 0) {
      return;
    }
    await db.dropCollection(COLLECTION);
    logger.log(`Dropped ${COLLECTION}`);
  },
};
