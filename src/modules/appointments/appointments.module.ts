import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AvailabilityModule } from '../availability/availability.module';
import { DoctorsModule } from '../doctors/doctors.module';
import { UsersModule } from '../users/users.module';
import { AdminAppointmentsController } from './admin-appointments.controller';
import { AppointmentAnalyticsRepository } from './analytics/appointment-analytics.repository';
import { AppointmentAnalyticsService } from './analytics/appointment-analytics.service';
import { DoctorDashboardController } from './analytics/doctor-dashboard.controller';
import { AppointmentEventsPublisher } from './appointment-events.publisher';
import { AppointmentJobsService } from './appointment-jobs.service';
import { AppointmentOccupancyProvider } from './appointment-occupancy.provider';
import { AppointmentPurgeListener } from './appointment-purge.listener';
import { AppointmentsController } from './appointments.controller';
import { AppointmentsRepository } from './appointments.repository';
import { AppointmentsPersonalDataSection } from './appointments-personal-data.section';
import { AppointmentsService } from './appointments.service';
import { BookingLocksRepository } from './booking-locks.repository';
import { BookingService } from './booking.service';
import { IdempotencyKeysRepository } from './idempotency-keys.repository';
import { IdempotencyService } from './idempotency.service';
import { RefundPolicyProvider } from './refund-policy.provider';
import { Appointment, AppointmentSchema } from './schemas/appointment.schema';
import { BookingLock, BookingLockSchema } from './schemas/booking-lock.schema';
import { IdempotencyKey, IdempotencyKeySchema } from './schemas/idempotency-key.schema';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Appointment.name, schema: AppointmentSchema },
      { name: BookingLock.name, schema: BookingLockSchema },
      { name: IdempotencyKey.name, schema: IdempotencyKeySchema },
    ]),
    UsersModule,
    DoctorsModule,
    AvailabilityModule,
  ],
  controllers: [AppointmentsController, AdminAppointmentsController, DoctorDashboardController],
  providers: [
    AppointmentsRepository,
    BookingLocksRepository,
    IdempotencyKeysRepository,
    IdempotencyService,
    AppointmentEventsPublisher,
    RefundPolicyProvider,
    AppointmentsService,
    BookingService,
    AppointmentJobsService,
    AppointmentOccupancyProvider,
    AppointmentPurgeListener,
    AppointmentAnalyticsRepository,
    AppointmentAnalyticsService,
    AppointmentsPersonalDataSection,
  ],
  exports: [
    AppointmentsService,
    BookingService,
    AppointmentJobsService,
    AppointmentAnalyticsService,
  ],
})
export class AppointmentsModule {}
