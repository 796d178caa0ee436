import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument } from 'mongoose';

/**
 * Who may run a scheduled job right now. One document per job name; whoever holds an unexpired
 * lease runs it, and a holder that dies simply lets the lease expire.
 */
@Schema({ collection: 'job_leases', versionKey: false })
export class JobLease {
  /** The job name. */
  @Prop({ type: String, required: true })
  _id!: string;

  /** Random id of the app instance holding the lease. */
  @Prop({ type: String, required: true })
  owner!: string;

  @Prop({ type: Date, required: true })
  expiresAt!: Date;
}

export type JobLeaseDocument = HydratedDocument<JobLease>;
export const JobLeaseSchema = SchemaFactory.createForClass(JobLease);
