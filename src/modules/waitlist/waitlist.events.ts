/** Published (outbox) when a waiting patient is given a hold on a freed slot. */
export interface WaitlistOfferedEvent {
  entryId: string;
  appointmentId: string;
  patientId: string;
  doctorId: string;
  doctorName: string;
  startsAt: Date;
  holdExpiresAt: Date;
  /** The doctor's IANA zone. */
  timezone: string;
  /** How the patient accepts: pay online, or confirm (clinic mode). */
  acceptBy: 'payment' | 'confirm';
}
