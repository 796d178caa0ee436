import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Mailer } from '../notifications/mailer';
import { OutboxService } from '../outbox/outbox.service';
import { UsersService } from '../users/users.service';
import { formatMoney } from './invoices/invoice-pdf';
import { PaymentEvents, type PaymentUnappliedEvent } from './payments.events';

export const UNAPPLIED_NOTICE_HANDLER = 'payments.unapplied-notice';

/**
 * Tells the patient that money arrived for a booking that no longer awaited it and is being
 * refunded in full, by e-mail. Delivered by the outbox: an SMTP failure makes the relay try
 * again with backoff. The message carries no medical details, only the amount.
 */
@Injectable()
export class PaymentNoticeListener implements OnModuleInit {
  private readonly logger = new Logger(PaymentNoticeListener.name);

  constructor(
    private readonly outbox: OutboxService,
    private readonly users: UsersService,
    private readonly mailer: Mailer,
  ) {}

  onModuleInit(): void {
    this.outbox.subscribe(PaymentEvents.Unapplied, UNAPPLIED_NOTICE_HANDLER, (event) =>
      this.tellPatient(event),
    );
  }

  private async tellPatient(event: PaymentUnappliedEvent): Promise<void> {
    const patient = await this.users.findIdentity(event.patientId);
    if (!patient) {
      this.logger.warn(`Payment ${event.paymentId}: its patient account no longer exists`);
      return;
    }
    const amount = formatMoney(event.amount, event.currency);
    await this.mailer.send({
      to: patient.email,
      subject: 'Your payment is being refunded',
      text: [
        `We received your payment of ${amount}, but the booking it was for was no longer`,
        'waiting for payment (its hold had expired, or it was already paid).',
        '',
        `The full ${amount} is being refunded to the card or account you paid with; you do not`,
        'need to do anything. Your booking was not changed: book a new time if you still need one.',
        '',
        `Payment reference: ${event.paymentId}`,
      ].join('\n'),
    });
  }
}
