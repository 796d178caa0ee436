import { createHash } from 'node:crypto';
import ical, { ICalEventStatus } from 'ical-generator';
import { Role } from '../../../common/auth/role.enum';
import type { AppointmentCalendarEntry } from '../../appointments/appointments.service';
import { AppointmentStatus } from '../../appointments/domain/appointment-status';

export interface FeedInput {
  role: Role.Patient | Role.Doctor;
  entries: AppointmentCalendarEntry[];
  /** Host part of the UIDs: the same as in the e-mailed invites, so calendars see one event. */
  domain: string;
}

/**
 * The same UID as the e-mailed invites (notifications' buildInvite), so an invite accepted into
 * a calendar and the subscribed feed describe one event.
 */
export const appointmentUid = (appointmentId: string, domain: string): string =>
  `appointment-${appointmentId}@${domain}`;

const STATUS: Record<AppointmentStatus, ICalEventStatus> = {
  [AppointmentStatus.Pending]: ICalEventStatus.TENTATIVE,
  [AppointmentStatus.Confirmed]: ICalEventStatus.CONFIRMED,
  [AppointmentStatus.Completed]: ICalEventStatus.CONFIRMED,
  [AppointmentStatus.NoShow]: ICalEventStatus.CONFIRMED,
  [AppointmentStatus.Cancelled]: ICalEventStatus.CANCELLED,
};

/**
 * An RFC 5545 calendar of the entries, times in UTC. Only a title and the time: no reasons,
 * notes, speciality or payment (the URL may sit in a third-party calendar service). Every value
 * comes from the entries, so the same data renders the same bytes and the ETag is stable.
 */
export function renderFeed(input: FeedInput): string {
  const calendar = ical({
    name: 'DocBook appointments',
    prodId: { company: 'DocBook', product: 'Appointments', language: 'EN' },
  });
  for (const e of input.entries) {
    calendar.createEvent({
      id: appointmentUid(e.id, input.domain),
      // Each reschedule and the cancellation is a revision the calendar must apply.
      sequence: e.reschedules + (e.status === AppointmentStatus.Cancelled ? 1 : 0),
      stamp: e.updatedAt,
      start: e.startsAt,
      end: e.endsAt,
      summary:
        input.role === Role.Patient ? `Appointment with ${e.doctorName}` : 'Patient appointment',
      status: STATUS[e.status],
    });
  }
  return calendar.toString();
}

/** A strong validator of the body: the same feed gives the same ETag on every instance. */
export const feedEtag = (body: string): string =>
  `"${createHash('sha256').update(body, 'utf8').digest('base64url')}"`;
