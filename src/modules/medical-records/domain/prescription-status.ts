/**
 * A prescription's status (FHIR MedicationRequest.status, the subset a clinic uses). `active` is
 * the only starting state; `completed` and `stopped` are final for the medication but may still
 * be marked entered-in-error; `entered-in-error` is final.
 */
export const PRESCRIPTION_STATUSES = [
  'active',
  'completed',
  'stopped',
  'entered-in-error',
] as const;
export type PrescriptionStatus = (typeof PRESCRIPTION_STATUSES)[number];

const NEXT: Record<PrescriptionStatus, readonly PrescriptionStatus[]> = {
  active: ['completed', 'stopped', 'entered-in-error'],
  completed: ['entered-in-error'],
  stopped: ['entered-in-error'],
  'entered-in-error': [],
};

export function canTransition(from: PrescriptionStatus, to: PrescriptionStatus): boolean {
  return NEXT[from].includes(to);
}

/** The statuses a prescription can be moved to `to` from (for the conditional write). */
export function sourcesOf(to: PrescriptionStatus): PrescriptionStatus[] {
  return PRESCRIPTION_STATUSES.filter((from) => canTransition(from, to));
}

/** Stopping a medication or marking it entered-in-error needs a reason; completing does not. */
export function reasonRequired(to: PrescriptionStatus): boolean {
  return to === 'stopped' || to === 'entered-in-error';
}
