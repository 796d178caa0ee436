/** The clinical values of the records, as they are sealed (see RecordSealer) and opened. */

export interface EncounterNote {
  chiefComplaint: string | null;
  findings: string | null;
  diagnosis: string | null;
  plan: string | null;
}

export const NOTE_FIELDS = ['chiefComplaint', 'findings', 'diagnosis', 'plan'] as const;

export interface Vitals {
  heartRate?: number;
  respiratoryRate?: number;
  bloodPressure?: { systolic: number; diastolic: number };
  bodyTemperature?: number;
  bodyWeight?: number;
  bodyHeight?: number;
  oxygenSaturation?: number;
}

/** The UCUM unit of each vital sign (as FHIR's vital-signs profile uses them). */
export const VITAL_UNITS = {
  heartRate: '/min',
  respiratoryRate: '/min',
  bloodPressure: 'mm[Hg]',
  bodyTemperature: 'Cel',
  bodyWeight: 'kg',
  bodyHeight: 'cm',
  oxygenSaturation: '%',
} as const;

type Quantity = { value: number; unit: string };
export interface VitalsWithUnits {
  heartRate?: Quantity;
  respiratoryRate?: Quantity;
  bloodPressure?: { systolic: number; diastolic: number; unit: string };
  bodyTemperature?: Quantity;
  bodyWeight?: Quantity;
  bodyHeight?: Quantity;
  oxygenSaturation?: Quantity;
}

const SCALARS = [
  'heartRate',
  'respiratoryRate',
  'bodyTemperature',
  'bodyWeight',
  'bodyHeight',
  'oxygenSaturation',
] as const;

/** Only the signs that were measured, each with its unit. */
export function withUnits(vitals: Vitals): VitalsWithUnits {
  const out: VitalsWithUnits = {};
  for (const name of SCALARS) {
    const value = vitals[name];
    if (typeof value === 'number') {
      out[name] = { value, unit: VITAL_UNITS[name] };
    }
  }
  if (vitals.bloodPressure) {
    out.bloodPressure = { ...vitals.bloodPressure, unit: VITAL_UNITS.bloodPressure };
  }
  return out;
}

/** The vitals as sent (a validated DTO): only known signs, no extra keys. */
export function vitalsFrom(input: Vitals | null | undefined): Vitals {
  const out: Vitals = {};
  if (!input) {
    return out;
  }
  for (const name of SCALARS) {
    if (typeof input[name] === 'number') {
      out[name] = input[name];
    }
  }
  if (input.bloodPressure) {
    out.bloodPressure = {
      systolic: input.bloodPressure.systolic,
      diastolic: input.bloodPressure.diastolic,
    };
  }
  return out;
}

/** The note after an edit: a field sent replaces (null or "" clears it), an omitted one stays. */
export function mergeNote(
  current: EncounterNote,
  change: Partial<Record<(typeof NOTE_FIELDS)[number], string | null>>,
): EncounterNote {
  const next = { ...current };
  for (const field of NOTE_FIELDS) {
    const value = change[field];
    if (value !== undefined) {
      next[field] = value ? value : null;
    }
  }
  return next;
}

export interface PrescriptionContent {
  medication: string;
  dose: string;
  route: string | null;
  frequency: string;
  duration: string | null;
  quantity: number | null;
  instructions: string | null;
}

export interface HealthContent {
  allergies: {
    substance: string;
    reaction: string | null;
    severity: 'mild' | 'moderate' | 'severe' | null;
  }[];
  chronicConditions: { name: string; since: string | null; note: string | null }[];
  currentMedications: { medication: string; dose: string | null; frequency: string | null }[];
}

export const EMPTY_HEALTH: HealthContent = {
  allergies: [],
  chronicConditions: [],
  currentMedications: [],
};

export interface DocumentMeta {
  /** null once the account was purged (a file name often carries the patient's name). */
  fileName: string | null;
  title: string | null;
  contentType: string;
}
