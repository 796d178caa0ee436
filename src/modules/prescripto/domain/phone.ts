import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * A phone number as Prescripto's profile form sends it ("9876543210", "+91 98765 43210") in
 * E.164, local numbers read in `region`. Null when it is not a possible number, so the users
 * module's own validation refuses it. Prescripto's placeholder "000000000" means no number.
 */
export function normalisePhone(value: string, region: CountryCode): string | null {
  const parsed = parsePhoneNumberFromString(value.trim(), region);
  return parsed && parsed.isPossible() ? parsed.number : null;
}

export const PRESCRIPTO_NO_PHONE = '000000000';
