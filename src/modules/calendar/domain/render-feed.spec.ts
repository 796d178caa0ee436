import * as ical from 'node-ical';
import type { VEvent } from 'node-ical';
import { Role } from '../../../common/auth/role.enum';
import { AppointmentStatus } from '../../appointments/domain/appointment-status';
import { buildInvite } from '../../notifications/domain/render';
import { feedEtag, renderFeed } from './render-feed';

const entry = {
  id: 'a1',
  startsAt: new Date('2026-12-03T09:00:00Z'),
  endsAt: new Date('2026-12-03T09:30:00Z'),
  status: AppointmentStatus.Cancelled,
  doctorName: 'Dr. A; B, C',
  reschedules: 2,
  updatedAt: new Date('2026-12-01T10:00:00Z'),
};

const eventsOf = (body: string): VEvent[] =>
  Object.values(ical.sync.parseICS(body)).filter((c): c is VEvent => c?.type === 'VEVENT');

describe('renderFeed', () => {
  it('uses the UID of the e-mailed invites, UTC times and escaped text', () => {
    const body = renderFeed({ role: Role.Patient, entries: [entry], domain: 'docbook.test' });
    const invite = buildInvite({
      ...entry,
      appointmentId: entry.id,
      method: 'CANCEL',
      sequence: 0,
      stamp: entry.updatedAt,
      domain: 'docbook.test',
    });
    expect(invite).toContain('UID:appointment-a1@docbook.test\r\n');
    expect(body).toContain('UID:appointment-a1@docbook.test\r\n');
    expect(body).toContain('DTSTART:20261203T090000Z\r\n');
    expect(body).toContain('SUMMARY:Appointment with Dr. A\\; B\\, C\r\n');
    const [event] = eventsOf(body);
    expect(event.status).toBe('CANCELLED');
    expect(Number(event.sequence)).toBe(3);
  });

  it('gives doctors a title without the patient, and is deterministic (stable ETag)', () => {
    const input = { role: Role.Doctor as const, entries: [entry], domain: 'docbook.test' };
    const body = renderFeed(input);
    expect(eventsOf(body)[0].summary).toBe('Patient appointment');
    expect(feedEtag(renderFeed(input))).toBe(feedEtag(body));
  });
});
