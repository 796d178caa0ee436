import mongoose from 'mongoose';

/** Server-side time limit of every query and aggregation. */
export const QUERY_MAX_TIME_MS = 5_000;

// Loaded before any schema is defined (schemas read some of these when they are built), by the
// database module, main.ts and the test set-up alike, so tests run under production's rules.

// Request input must never be able to carry query operators: every filter value that is an
// object with `$` keys is wrapped in `$eq` unless the code marks it with mongoose.trusted(),
// and filters on paths the schema does not declare are errors rather than silently ignored.
mongoose.set('sanitizeFilter', true);
mongoose.set('strictQuery', 'throw');
mongoose.set('strict', 'throw');
mongoose.set('autoIndex', false);
// Every query and aggregation gives up after this long instead of waiting, e.g. for a document
// locked by a transaction that a crashed instance abandoned (MongoDB ends it after 60 s).
mongoose.set('maxTimeMS', QUERY_MAX_TIME_MS);
