import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AppointmentsModule } from '../appointments/appointments.module';
import { AuthModule } from '../auth/auth.module';
import { UsersModule } from '../users/users.module';
import { EmailSenderService } from './email-sender.service';
import { MailModule } from './mail.module';
import { NotificationPipelineService } from './notification-pipeline.service';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsPersonalDataSection } from './notifications-personal-data.section';
import { NotificationsService } from './notifications.service';
import { NotificationStreamService } from './notification-stream.service';
import { EmailDelivery, EmailDeliverySchema } from './schemas/email-delivery.schema';
import {
  Notification,
  NotificationCounter,
  NotificationCounterSchema,
  NotificationSchema,
} from './schemas/notification.schema';
import {
  NotificationPreferences,
  NotificationPreferencesSchema,
} from './schemas/notification-preferences.schema';

/**
 * Notifications from outbox events: the in-app inbox (and its live stream), e-mails with
 * retries, reminders checked at send time, preferences. The mail transport is MailModule.
 */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Notification.name, schema: NotificationSchema },
      { name: NotificationCounter.name, schema: NotificationCounterSchema },
      { name: EmailDelivery.name, schema: EmailDeliverySchema },
      { name: NotificationPreferences.name, schema: NotificationPreferencesSchema },
    ]),
    MailModule,
    UsersModule,
    AuthModule,
    AppointmentsModule,
  ],
  controllers: [NotificationsController],
  providers: [
    NotificationsRepository,
    NotificationPipelineService,
    EmailSenderService,
    NotificationsService,
    NotificationStreamService,
    NotificationsPersonalDataSection,
  ],
  exports: [EmailSenderService],
})
export class NotificationsModule {}
