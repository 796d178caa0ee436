import type { Role } from '../../../common/auth/role.enum';

/** Hours after writing during which the author may still change an encounter's notes. */
export const EDIT_WINDOW_HOURS = 24;
const HOUR_MS = 3_600_000;

export type ReadPurpose = 'treatment' | 'self' | 'break_glass';

export interface RecordReader {
  id: string;
  role: Role | `${Role}`;
}

/** What is known about the reader's relation to the patient (looked up only when needed). */
export interface ReaderFacts {
  /** A doctor who has or had a confirmed, completed or no-show appointment with the patient. */
  careRelationship?: boolean;
  /** An admin's active break-glass grant for this patient, if any. */
  breakGlassGrantId?: string | null;
}

export type ReadDecision =
  { allowed: true; purpose: ReadPurpose; breakGlassGrantId: string | null } | { allowed: false };

/**
 * Who may read a patient's record: the patient, a doctor caring for them, an admin on an active
 * break-glass grant. Nobody else, and no other role (an admin without a grant reads nothing).
 */
export function decideRead(
  reader: RecordReader,
  patientId: string,
  facts: ReaderFacts,
): ReadDecision {
  switch (reader.role) {
    case 'patient':
      return reader.id === patientId
        ? { allowed: true, purpose: 'self', breakGlassGrantId: null }
        : { allowed: false };
    case 'doctor':
      return facts.careRelationship === true
        ? { allowed: true, purpose: 'treatment', breakGlassGrantId: null }
        : { allowed: false };
    case 'admin':
      return facts.breakGlassGrantId
        ? { allowed: true, purpose: 'break_glass', breakGlassGrantId: facts.breakGlassGrantId }
        : { allowed: false };
    default:
      return { allowed: false };
  }
}

/** Which fact decideRead needs for this reader (so only that lookup is made). */
export function factNeeded(
  reader: RecordReader,
  patientId: string,
): 'careRelationship' | 'breakGlass' | null {
  if (reader.role === 'doctor' && reader.id !== patientId) {
    return 'careRelationship';
  }
  return reader.role === 'admin' ? 'breakGlass' : null;
}

export function editableUntil(createdAt: Date): Date {
  return new Date(createdAt.getTime() + EDIT_WINDOW_HOURS * HOUR_MS);
}

export function withinEditWindow(createdAt: Date, now: Date): boolean {
  return now.getTime() < editableUntil(createdAt).getTime();
}

/** The oldest creation time still editable at `now` (for the conditional write). */
export function editWindowStart(now: Date): Date {
  return new Date(now.getTime() - EDIT_WINDOW_HOURS * HOUR_MS);
}
