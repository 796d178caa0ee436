import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, trusted } from 'mongoose';
import { JobLease } from './schemas/job-lease.schema';
import { isDuplicateKey } from '../../database/duplicate-key';

/** The only code that touches the job_leases collection. */
@Injectable()
export class JobLeaseRepository {
  constructor(@InjectModel(JobLease.name) private readonly model: Model<JobLease>) {}

  /**
   * Takes (or renews) the lease in one atomic write: it matches only when the lease is free
   * (expired) or already ours, and creates the document when there is none. When another owner
   * holds a live lease the filter misses, the upsert tries to insert a second document with the
   * same _id, and the unique _id index refuses it: that is "someone else holds it".
   */
  async acquire(job: string, owner: string, now: Date, expiresAt: Date): Promise<boolean> {
    try {
      await this.model
        .findOneAndUpdate(
          { _id: job, $or: [{ expiresAt: trusted({ $lte: now }) }, { owner }] },
          { $set: { owner, expiresAt } },
          { upsert: true, returnDocument: 'after' },
        )
        .lean()
        .exec();
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) {
        return false;
      }
      throw err;
    }
  }

  /** Gives the lease up, only if we still hold it. */
  async release(job: string, owner: string): Promise<void> {
    await this.model.deleteOne({ _id: job, owner }).exec();
  }

  findByJob(job: string): Promise<JobLease | null> {
    return this.model.findById(job).lean<JobLease>().exec();
  }
}
