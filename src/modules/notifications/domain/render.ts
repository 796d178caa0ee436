/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A time as the recipient reads it: weekday, date and time in `zone`, with the zone's name. */
export function formatTime(at: Date, zone: string): string {
  const text = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
  return `${text} (${zone})`;
}

/** Minor units as "500.00 INR" (as invoices write it). */
export function formatAmount(minor: number, currency: string): string {
  return `${(minor / 100).toFixed(2)} ${currency}`;
}

/** What a template says in an e-mail: plain lines (never markup) and an optional link. */
export interface EmailContent {
  subject: string;
  lines: string[];
  action?: { label: string; url: string };
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/**
 * Text and HTML from the same lines. Every value reaches the HTML escaped, because templates
 * return text only and the layout is the one place markup is written.
 */
export function renderEmail(content: EmailContent, unsubscribeUrl: string | null): RenderedEmail {
  const text = [
    ...content.lines,
    ...(content.action ? ['', `${content.action.label}: ${content.action.url}`] : []),
    ...(unsubscribeUrl ? ['', `Stop these e-mails: ${unsubscribeUrl}`] : []),
  ].join('\n');
  const paragraphs = content.lines.filter((l) => l !== '').map((l) => `<p>${escapeHtml(l)}</p>`);
  const action = content.action
    ? `<p><a href="${escapeHtml(content.action.url)}">${escapeHtml(content.action.label)}</a></p>`
    : '';
  const unsubscribe = unsubscribeUrl
    ? `<p style="font-size:12px;color:#666"><a href="${escapeHtml(unsubscribeUrl)}">Stop these e-mails</a></p>`
    : '';
  const html = `<!doctype html><html><body>${paragraphs.join('')}${action}${unsubscribe}</body></html>`;
  return { subject: content.subject.replace(/[\r\n]+/g, ' '), text, html };
}

/** iCalendar text escaping (RFC 5545 3.3.11). */
function icsText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r?\n/g, '\\n');
}

const icsTime = (at: Date): string =>
  at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

export interface InviteInput {
  appointmentId: string;
  startsAt: Date;
  endsAt: Date;
  doctorName: string;
  method: 'REQUEST' | 'CANCEL';
  /** Higher for each update of the same appointment, so calendars replace the old event. */
  sequence: number;
  stamp: Date;
  domain: string;
}

/** A one-event calendar (RFC 5545) with a stable UID per appointment; no medical details. */
export function buildInvite(i: InviteInput): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//DocBook//Appointments//EN',
    `METHOD:${i.method}`,
    'BEGIN:VEVENT',
    `UID:appointment-${i.appointmentId}@${i.domain}`,
    `SEQUENCE:${i.sequence}`,
    `DTSTAMP:${icsTime(i.stamp)}`,
    `DTSTART:${icsTime(i.startsAt)}`,
    `DTEND:${icsTime(i.endsAt)}`,
    `SUMMARY:${icsText(`Appointment with ${i.doctorName}`)}`,
    `STATUS:${i.method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED'}`,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}
