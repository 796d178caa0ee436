export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Sends e-mail. Inject this abstract class; NotificationsModule picks the implementation. */
export abstract class Mailer {
  abstract send(message: MailMessage): Promise<void>;
}
