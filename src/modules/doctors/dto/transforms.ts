/**
 * Multipart fields and query strings arrive as text. These turn well-formed text into the
 * intended type and leave anything else untouched, so the validators reject it (unlike
 * `Number('')`, which would silently become 0).
 */
export const toNumber = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value.trim()) : value;

export const toBoolean = ({ value }: { value: unknown }): unknown => {
  if (value === 'true') {
    return true;
  }
  if (value === 'false') {
    return false;
  }
  return value;
};

export const trim = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;

/** ISO 4217 codes the runtime knows (upper case, e.g. INR, USD). */
export const CURRENCIES: readonly string[] = Intl.supportedValuesOf('currency');
