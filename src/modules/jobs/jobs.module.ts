import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AppointmentsModule } from '../appointments/appointments.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { PaymentsModule } from '../payments/payments.module';
import { UsersModule } from '../users/users.module';
import { AccountPurgeJob } from './account-purge.job';
import { CloseOutJob } from './close-out.job';
import { HoldReleaseJob } from './hold-release.job';
import { JobLeaseRepository } from './job-lease.repository';
import { JobLeaseService } from './job-lease.service';
import { NotificationEmailJob } from './notification-email.job';
import { OutboxRelayJob } from './outbox-relay.job';
import { PaymentReconciliationJob } from './payment-reconciliation.job';
import { RatingRepairJob } from './rating-repair.job';
import { ReminderJob } from './reminder.job';
import { ReviewsModule } from '../reviews/reviews.module';
import { JobLease, JobLeaseSchema } from './schemas/job-lease.schema';

/** Scheduled work. Each job runs under a lease so only one instance runs it at a time. */
@Module({
  imports: [
    MongooseModule.forFeature([{ name: JobLease.name, schema: JobLeaseSchema }]),
    UsersModule,
    AppointmentsModule,
    PaymentsModule,
    ReviewsModule,
    NotificationsModule,
  ],
  providers: [
    JobLeaseRepository,
    JobLeaseService,
    AccountPurgeJob,
    HoldReleaseJob,
    CloseOutJob,
    ReminderJob,
    PaymentReconciliationJob,
    OutboxRelayJob,
    RatingRepairJob,
    NotificationEmailJob,
  ],
  exports: [JobLeaseService],
})
export class JobsModule {}
