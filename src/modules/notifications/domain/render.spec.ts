import { isLocked, isSwitchedOff } from './preferences';
import { buildInvite, escapeHtml, formatTime, renderEmail } from './render';

describe('notification rendering', () => {
  it('escapes every value in the HTML part and keeps the text part verbatim', () => {
    const out = renderEmail(
      {
        subject: 'Hi <b>\r\nBcc: x@example.com',
        lines: [`Hello <script>alert("x")</script> & 'co'`],
        action: { label: 'Go', url: 'https://x.test/?a=1&b="2"' },
      },
      'https://x.test/unsub?t=a&b',
    );
    expect(out.subject).toBe('Hi <b> Bcc: x@example.com');
    expect(out.text).toContain(`Hello <script>alert("x")</script> & 'co'`);
    expect(out.html).toContain(
      '<p>Hello &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;</p>',
    );
    expect(out.html).toContain('href="https://x.test/?a=1&amp;b=&quot;2&quot;"');
    expect(out.html).toContain('href="https://x.test/unsub?t=a&amp;b"');
    expect(out.html).not.toContain('<script>');
    expect(escapeHtml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#39;');
  });

  it('shows times in the recipient zone, with the zone named', () => {
    const at = new Date('2026-12-03T09:00:00.000Z');
    expect(formatTime(at, 'Asia/Kolkata')).toBe('Thu, 3 Dec 2026, 14:30 (Asia/Kolkata)');
    expect(formatTime(at, 'UTC')).toBe('Thu, 3 Dec 2026, 09:00 (UTC)');
  });

  it('builds an invite with a stable UID, a sequence and escaped text', () => {
    const ics = buildInvite({
      appointmentId: 'a1',
      startsAt: new Date('2026-12-03T09:00:00.000Z'),
      endsAt: new Date('2026-12-03T09:30:00.000Z'),
      doctorName: 'Dr. A; B, C',
      method: 'REQUEST',
      sequence: 7,
      stamp: new Date('2026-12-01T00:00:00.000Z'),
      domain: 'docbook.test',
    });
    expect(ics).toContain('UID:appointment-a1@docbook.test\r\n');
    expect(ics).toContain('SEQUENCE:7\r\n');
    expect(ics).toContain('DTSTART:20261203T090000Z\r\n');
    expect(ics).toContain('SUMMARY:Appointment with Dr. A\\; B\\, C\r\n');
  });

  it('essential e-mails cannot be switched off; other channels follow the preferences', () => {
    const essential = { type: 'payment_received', email: 'essential' as const };
    const optional = { type: 'appointment_reminder', email: 'optional' as const };
    const off = ['payment_received:email', 'appointment_reminder:email'];
    expect(isLocked(essential, 'email')).toBe(true);
    expect(isSwitchedOff(off, essential, 'email')).toBe(false);
    expect(isSwitchedOff(off, optional, 'email')).toBe(true);
    expect(isSwitchedOff(off, optional, 'in_app')).toBe(false);
  });
});
