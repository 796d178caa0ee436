/** Domain events published by the follows module. */
export const FollowEvents = {
  /** A patient started following a doctor (a follow document was created). */
  Created: 'follow.created',
  /** A patient stopped following a doctor (the follow document was removed). */
  Removed: 'follow.removed',
} as const;

export interface FollowChangedEvent {
  patientId: string;
  doctorId: string;
}
