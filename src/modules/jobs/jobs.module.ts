import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { UsersModule } from '../users/users.module';
import { AccountPurgeJob } from './account-purge.job';
import { JobLeaseRepository } from './job-lease.repository';
import { JobLeaseService } from './job-lease.service';
import { JobLease, JobLeaseSchema } from './schemas/job-lease.schema';

/** Scheduled work. Each job runs under a lease so only one instance runs it at a time. */
@Module({
  imports: [
    MongooseModule.forFeature([{ name: JobLease.name, schema: JobLeaseSchema }]),
    UsersModule,
  ],
  providers: [JobLeaseRepository, JobLeaseService, AccountPurgeJob],
  exports: [JobLeaseService],
})
export class JobsModule {}
