/** Domain events published by the doctors module (for notifications and analytics). */
export const DoctorEvents = {
  /** A doctor profile now exists (admin creation or an approved application). */
  Created: 'doctor.created',
  ApplicationSubmitted: 'doctor.application.submitted',
  ApplicationApproved: 'doctor.application.approved',
  ApplicationRejected: 'doctor.application.rejected',
} as const;

export interface DoctorCreatedEvent {
  doctorId: string;
  name: string;
  speciality: string;
  via: 'admin' | 'application';
  /** The admin who created or approved the doctor. */
  byUserId: string;
}

export interface DoctorApplicationSubmittedEvent {
  applicationId: string;
  userId: string;
  speciality: string;
}

export interface DoctorApplicationApprovedEvent {
  applicationId: string;
  userId: string;
  byUserId: string;
}

export interface DoctorApplicationRejectedEvent {
  applicationId: string;
  userId: string;
  byUserId: string;
  reason: string;
}
