import { Injectable, OnModuleInit } from '@nestjs/common';
import type { TimeRange } from '../availability/domain/slot-engine';
import {
  SlotOccupancy,
  TakenIntervalsProvider,
  type TakenTime,
} from '../availability/slot-occupancy';
import { AppointmentsRepository } from './appointments.repository';

/** Tells the slots endpoint which time of a doctor active appointments take. */
@Injectable()
export class AppointmentOccupancyProvider extends TakenIntervalsProvider implements OnModuleInit {
  constructor(
    private readonly appointments: AppointmentsRepository,
    private readonly occupancy: SlotOccupancy,
  ) {
    super();
  }

  onModuleInit(): void {
    this.occupancy.use(this);
  }

  async findTaken(doctorId: string, from: Date, to: Date): Promise<TimeRange[]> {
    return (await this.findTakenTime(doctorId, from, to)).ranges();
  }

  override findTakenTime(doctorId: string, from: Date, to: Date): Promise<TakenTime> {
    return this.appointments.findTakenTime(doctorId, from, to);
  }
}
