export interface CalendarInvite {
  filename: string;
  /** iCalendar METHOD: REQUEST (a new or updated event) or CANCEL. */
  method: 'REQUEST' | 'CANCEL';
  /** The VCALENDAR text. */
  content: string;
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** The HTML alternative of `text`, when the message has one. */
  html?: string;
  /**
   * A deterministic Message-ID (`<...@...>`): a message sent again after a crash carries the
   * same one, so mail clients and servers can recognise the repeat.
   */
  messageId?: string;
  /** Extra headers, e.g. List-Unsubscribe. */
  headers?: Record<string, string>;
  /** A calendar invite (text/calendar), shown by mail clients as an event. */
  calendar?: CalendarInvite;
}

/** Sends e-mail. Inject this abstract class; MailModule picks the implementation. */
export abstract class Mailer {
  abstract send(message: MailMessage): Promise<void>;
}
