import type { Role } from '../../common/auth/role.enum';
import type { RequestOrigin } from '../../common/decorators/request-origin.decorator';

/**
 * The vocabulary of the clinical access audit (HIPAA 164.312(b)). An entry says who touched what
 * part of whose record, why, and whether it was allowed; never the clinical values themselves.
 */
export {
  CLINICAL_ACTIONS,
  CLINICAL_RESOURCE_TYPES,
  type ClinicalAction,
  type ClinicalResourceType,
} from '../../common/auth/clinical-route';
import type { ClinicalAction, ClinicalResourceType } from '../../common/auth/clinical-route';

/**
 * Why the access happened: care of the patient, the patient's own, an admin's emergency grant,
 * or an admin reviewing the audit log itself (`audit`, for reads of the log's metadata).
 */
export const ACCESS_PURPOSES = ['treatment', 'self', 'break_glass', 'audit'] as const;
export type AccessPurpose = (typeof ACCESS_PURPOSES)[number];

export const ACCESS_OUTCOMES = ['allowed', 'denied'] as const;
export type AccessOutcome = (typeof ACCESS_OUTCOMES)[number];

export interface ClinicalActor {
  /** null for an anonymous caller (denied by the auth guard). */
  userId: string | null;
  role: `${Role}` | 'anonymous';
}

/**
 * The request an access came with (X-Request-Id and the client IP as Express resolves it):
 * take it in the controller with `@Origin()` (common/decorators/request-origin.decorator.ts).
 */
export type AccessRequestContext = RequestOrigin;

export interface ClinicalAccessEntry {
  actor: ClinicalActor;
  /** Whose record; null when a denied call named a resource that could not be resolved. */
  patientId: string | null;
  resource: { type: ClinicalResourceType; id: string | null };
  action: ClinicalAction;
  /** null for a denial (no purpose was established). */
  purpose: AccessPurpose | null;
  outcome: AccessOutcome;
  request: AccessRequestContext;
  /** Set when the access rode on a break-glass grant. */
  breakGlassGrantId?: string | null;
  /**
   * For a denial: why, as the error code answered (`UNAUTHORIZED`, `FORBIDDEN_ROLE`, or the
   * records module's own, e.g. no care relationship). Never free text, never clinical values.
   */
  reason?: string | null;
}
