import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types, type PipelineStage } from 'mongoose';
import type { AppointmentRecord, ExplainResult } from '../appointments.repository';
import { AppointmentStatus } from '../domain/appointment-status';
import { Appointment } from '../schemas/appointment.schema';
import { serverTimeZone } from './domain/dashboard-period';

export interface StatusCountRow {
  _id: AppointmentStatus;
  count: number;
}

export interface DayEarningsRow {
  _id: { day: string; currency: string };
  amount: number;
}

export interface DoctorDashboardFacets {
  byStatus: StatusCountRow[];
  patients: Array<{ n: number }>;
  earningsByDay: DayEarningsRow[];
  latest: AppointmentRecord[];
}

export interface MonthRow {
  _id: { month: string; currency: string };
  appointments: number;
  completed: number;
  amount: number;
}

export interface SpecialityRow {
  _id: string;
  name: string;
  appointments: number;
  completed: number;
}

export interface DoctorRow {
  _id: { doctorId: Types.ObjectId; currency: string };
  name: string;
  speciality: string;
  appointments: number;
  /** Appointments holding or having used a slot: every status but cancelled. */
  booked: number;
  completed: number;
  amount: number;
}

export interface PlatformFacets {
  byStatus: StatusCountRow[];
  monthly: MonthRow[];
  specialities: SpecialityRow[];
  perDoctor: DoctorRow[];
  latest: AppointmentRecord[];
}

export const LATEST_COUNT = 5;

const isStatus = (status: AppointmentStatus) => ({ $eq: ['$status', status] });
const countIf = (condition: unknown) => ({ $sum: { $cond: [condition, 1, 0] } });

/**
 * What an appointment earned, in its currency's minor units: the recorded payment (online, or
 * at the clinic once the doctor or an admin recorded it) minus what was refunded. A completed
 * visit whose clinic payment was never recorded earns nothing. Mirrored by EARNING_MATCH.
 */
const EARNED = {
  $subtract: [{ $ifNull: ['$paidAmount', 0] }, { $ifNull: ['$refundedAmount', 0] }],
};
const EARNING_MATCH = { paidAmount: { $gt: 0 } };

const LATEST: PipelineStage.FacetPipelineStage[] = [
  { $sort: { createdAt: -1, _id: -1 } },
  { $limit: LATEST_COUNT },
];

/**
 * Dashboard aggregations over the appointments collection. Each pipeline starts with one $match
 * on indexed fields (the doctor's on {doctorId, startsAt}, the platform's on {startsAt}), so only
 * the requested range is read whatever the size of the collection; everything after it runs in a
 * single $facet over those documents. Aggregation pipelines are not cast or sanitised by
 * Mongoose: every value below is an ObjectId, Date or constant built here, never raw input.
 */
@Injectable()
export class AppointmentAnalyticsRepository {
  constructor(@InjectModel(Appointment.name) private readonly model: Model<Appointment>) {}

  doctorDashboardPipeline(doctorId: string, start: Date, end: Date, zone: string): PipelineStage[] {
    return [
      { $match: { doctorId: new Types.ObjectId(doctorId), startsAt: { $gte: start, $lt: end } } },
      {
        $facet: {
          byStatus: [{ $group: { _id: '$status', count: { $sum: 1 } } }],
          patients: [{ $group: { _id: '$patientId' } }, { $count: 'n' }],
          earningsByDay: [
            { $match: EARNING_MATCH },
            {
              $group: {
                _id: {
                  day: {
                    $dateToString: {
                      format: '%Y-%m-%d',
                      date: '$startsAt',
                      timezone: serverTimeZone(zone),
                    },
                  },
                  currency: '$currency',
                },
                amount: { $sum: EARNED },
              },
            },
          ],
          latest: LATEST,
        },
      },
    ];
  }

  async doctorDashboard(
    doctorId: string,
    start: Date,
    end: Date,
    zone: string,
  ): Promise<DoctorDashboardFacets> {
    const [out] = await this.model
      .aggregate<DoctorDashboardFacets>(this.doctorDashboardPipeline(doctorId, start, end, zone))
      .exec();
    return out;
  }

  explainDoctorDashboard(
    doctorId: string,
    start: Date,
    end: Date,
    zone: string,
  ): Promise<ExplainResult> {
    return explain(this.model, this.doctorDashboardPipeline(doctorId, start, end, zone));
  }

  /** Months are calendar months in `zone` (the admin dashboard uses UTC). */
  platformPipeline(start: Date, end: Date, zone: string): PipelineStage[] {
    const completed = countIf(isStatus(AppointmentStatus.Completed));
    return [
      { $match: { startsAt: { $gte: start, $lt: end } } },
      {
        $facet: {
          byStatus: [{ $group: { _id: '$status', count: { $sum: 1 } } }],
          monthly: [
            {
              $group: {
                _id: {
                  month: {
                    $dateToString: {
                      format: '%Y-%m',
                      date: '$startsAt',
                      timezone: serverTimeZone(zone),
                    },
                  },
                  currency: '$currency',
                },
                appointments: { $sum: 1 },
                completed,
                amount: { $sum: EARNED },
              },
            },
          ],
          specialities: [
            {
              $group: {
                _id: '$doctor.speciality',
                name: { $max: '$doctor.specialityName' },
                appointments: { $sum: 1 },
                completed,
              },
            },
          ],
          perDoctor: [
            {
              $group: {
                _id: { doctorId: '$doctorId', currency: '$currency' },
                name: { $first: '$doctor.name' },
                speciality: { $first: '$doctor.speciality' },
                appointments: { $sum: 1 },
                booked: countIf({ $ne: ['$status', AppointmentStatus.Cancelled] }),
                completed,
                amount: { $sum: EARNED },
              },
            },
          ],
          latest: LATEST,
        },
      },
    ];
  }

  async platform(start: Date, end: Date, zone: string): Promise<PlatformFacets> {
    const [out] = await this.model
      .aggregate<PlatformFacets>(this.platformPipeline(start, end, zone))
      .exec();
    return out;
  }

  explainPlatform(start: Date, end: Date, zone: string): Promise<ExplainResult> {
    return explain(this.model, this.platformPipeline(start, end, zone));
  }
}

async function explain(
  model: Model<Appointment>,
  pipeline: PipelineStage[],
): Promise<ExplainResult> {
  const out: unknown = await model.aggregate(pipeline).explain('queryPlanner');
  return (Array.isArray(out) ? out[0] : out) as ExplainResult;
}
