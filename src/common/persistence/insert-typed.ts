import type { ClientSession, Model } from 'mongoose';

/** Fields the schema fills in on insert: the id, the timestamps. */
type Generated = '_id' | 'createdAt' | 'updatedAt';

/**
 * A document as the schema class declares it, with the generated fields and the ones named in
 * `D` (those with a schema default) optional: TypeScript checks what `Model.create` would cast
 * at run time (ObjectIds, Dates, enum unions, numbers).
 */
export type TypedDocument<T, D extends keyof T = never> = Omit<T, Generated | D> &
  Partial<Pick<T, Extract<keyof T, Generated | D>>>;

/**
 * Inserts documents that the code built with the schema's own types, as `Model.create` stores
 * them, without hydrating a Mongoose document for each (about 0.5 ms of CPU per insert on the
 * booking path, where three inserts happen; README, "Where the time goes"): the schema fills in
 * its defaults (`_id` among them), stamps `createdAt`/`updatedAt` and sets the version key to 0,
 * then one driver `insertOne`/`insertMany` in `session`. Nothing is cast and no validator runs,
 * which is why the documents must be typed, never built from a client's input: the e2e test
 * `insert-typed` proves, for every model written this way, that what booking stores passes the
 * schema's validation unchanged and equals what `Model.create` stores. Document hooks do not run
 * (those models have none).
 *
 * Returns the stored documents (plain objects, as a `.lean()` read returns them).
 */
export async function insertTyped<T, D extends keyof T = never>(
  model: Model<T>,
  docs: ReadonlyArray<TypedDocument<T, D>>,
  session?: ClientSession,
): Promise<T[]> {
  if (docs.length === 0) {
    return [];
  }
  const versionKey = model.schema.get('versionKey');
  const stored = docs.map((doc) => {
    const row = model.applyDefaults({ ...doc }) as Record<string, unknown>;
    model.applyTimestamps(row);
    if (typeof versionKey === 'string' && !(versionKey in row)) {
      row[versionKey] = 0;
    }
    return row;
  });
  // Mongoose leaves out undefined fields; the driver would store them as null (and a null is
  // indexed by a sparse index, where a missing field is not).
  const options = { session, ignoreUndefined: true };
  if (stored.length === 1) {
    await model.collection.insertOne(stored[0], options);
  } else {
    await model.collection.insertMany(stored, options);
  }
  return stored as T[];
}
