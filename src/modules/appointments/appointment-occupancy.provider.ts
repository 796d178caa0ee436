import { Injectable, OnModuleInit } from '@nestjs/common';
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

  findTakenTime(doctorId: string, from: Date, to: Date): Promise<TakenTime> {
    return this.appointments.findTakenTime(doctorId, from, to);
  }
}
