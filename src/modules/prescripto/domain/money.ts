/** Digits after the decimal point of a currency's major unit (INR 2, JPY 0, KWD 3). */
export function fractionDigits(currency: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits ?? 2
  );
}

/** Minor units to the major units Prescripto shows (50000 paise -> 500). */
export function toMajor(amount: number, currency: string): number {
  return amount / 10 ** fractionDigits(currency);
}

/**
 * Major units as Prescripto sends them (a number, or a string after a form edit) to minor
 * units; null unless it is a non-negative amount with no more decimals than the currency has.
 */
export function toMinor(value: unknown, currency: string): number | null {
  const text =
    typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^\d{1,9}(\.\d+)?$/.test(text)) {
    return null;
  }
  const digits = fractionDigits(currency);
  const [whole, fraction = ''] = text.split('.');
  if (fraction.replace(/0+$/, '').length > digits) {
    return null;
  }
  return (
    Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0').slice(0, digits) || '0')
  );
}

/** "N Year" / "N Years" / "N" to whole years; null otherwise. */
export function experienceYearsOf(value: unknown): number | null {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
  const m = /^\s*(\d{1,2})\s*(?:years?|yrs?)?\s*$/i.exec(text);
  return m ? Number(m[1]) : null;
}
