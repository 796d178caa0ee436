/** MongoDB's duplicate-key error (E11000): a unique index refused a write. */
export const DUPLICATE_KEY_ERROR_CODE = 11000;

export const isDuplicateKey = (err: unknown): boolean =>
  typeof err === 'object' &&
  err !== null &&
  (err as { code?: unknown }).code === DUPLICATE_KEY_ERROR_CODE;
