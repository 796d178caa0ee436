/**
 * The speciality names Prescripto's clients use (the patient app filters doctors by the exact
 * name) and our speciality slugs. Names not in the table are matched case-insensitively
 * against our own names by the caller.
 */
export const PRESCRIPTO_SPECIALITIES: ReadonlyArray<{ name: string; slug: string }> = [
  { name: 'General physician', slug: 'general-physician' },
  { name: 'Gynecologist', slug: 'gynecologist' },
  { name: 'Dermatologist', slug: 'dermatologist' },
  { name: 'Pediatricians', slug: 'pediatrician' },
  { name: 'Neurologist', slug: 'neurologist' },
  { name: 'Gastroenterologist', slug: 'gastroenterologist' },
];

const BY_NAME = new Map(PRESCRIPTO_SPECIALITIES.map((s) => [s.name.toLowerCase(), s.slug]));
const BY_SLUG = new Map(PRESCRIPTO_SPECIALITIES.map((s) => [s.slug, s.name]));

/** Our slug for a Prescripto name; null when the name is not one of Prescripto's. */
export function slugOfPrescriptoName(name: string): string | null {
  return BY_NAME.get(name.trim().toLowerCase()) ?? null;
}

/** Prescripto's name for our slug, or our own display name for specialities it does not have. */
export function prescriptoNameOf(slug: string, ourName: string): string {
  return BY_SLUG.get(slug) ?? ourName;
}
