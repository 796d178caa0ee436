/**
 * Published (outbox) when an admin opens break-glass access to a patient's record, in the
 * grant's transaction. The patient is told (in-app and e-mail).
 */
export interface BreakGlassGrantedEvent {
  grantId: string;
  adminId: string;
  patientId: string;
  /** The admin's stated reason (shown in the app; e-mails leave it out). */
  reason: string;
  grantedAt: Date;
  expiresAt: Date;
}
