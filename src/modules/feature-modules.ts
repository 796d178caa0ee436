import type { Type } from '@nestjs/common';
import { AdminModule } from './admin/admin.module';
import { AppointmentsModule } from './appointments/appointments.module';
import { AuthModule } from './auth/auth.module';
import { AvailabilityModule } from './availability/availability.module';
import { CalendarModule } from './calendar/calendar.module';
import { ClinicalAccessModule } from './clinical-access/clinical-access.module';
import { DoctorsModule } from './doctors/doctors.module';
import { FollowsModule } from './follows/follows.module';
import { JobsModule } from './jobs/jobs.module';
import { MediaModule } from './media/media.module';
import { MedicalRecordsModule } from './medical-records/medical-records.module';
import { OutboxModule } from './outbox/outbox.module';
import { MailModule } from './notifications/mail.module';
import { NotificationsModule } from './notifications/notifications.module';
import { PaymentsModule } from './payments/payments.module';
import { PrescriptoModule } from './prescripto/prescripto.module';
import { PrivacyModule } from './privacy/privacy.module';
import { ReviewsModule } from './reviews/reviews.module';
import { UsersModule } from './users/users.module';
import { WaitlistModule } from './waitlist/waitlist.module';

/** Feature modules, in dependency order. Each owns one folder under src/modules/. */
export const FEATURE_MODULES: Type<unknown>[] = [
  OutboxModule,
  MediaModule,
  UsersModule,
  MailModule,
  AuthModule,
  DoctorsModule,
  FollowsModule,
  AvailabilityModule,
  AppointmentsModule,
  PaymentsModule,
  ReviewsModule,
  WaitlistModule,
  NotificationsModule,
  ClinicalAccessModule,
  MedicalRecordsModule,
  CalendarModule,
  JobsModule,
  AdminModule,
  // Collects every module's PersonalDataSection through discovery, importing none of them.
  PrivacyModule,
];

/**
 * The feature modules an app with this configuration loads: FEATURE_MODULES, then the optional
 * adapters (last, since they only call the others' services).
 */
export function featureModules(config: { PRESCRIPTO_COMPAT: boolean }): Type<unknown>[] {
  return [...FEATURE_MODULES, ...(config.PRESCRIPTO_COMPAT ? [PrescriptoModule] : [])];
}
