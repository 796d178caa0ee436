import { Injectable, Logger } from '@nestjs/common';
import type { TimeRange } from './domain/slot-engine';

/**
 * Answers "which time of this doctor is already taken" for the slots endpoint.
 *
 * Availability must not know appointments (that module depends on this one, not the other way
 * round), so the appointments module plugs itself in at start-up:
 *
 *   onModuleInit() { this.occupancy.use(this); }   // in AppointmentsService (or a small adapter)
 *
 * and implements `findTaken` with ONE indexed range query per call: active appointments of the
 * doctor with `start < to && end > from`. It is called at most once per slots request, with the
 * span of the slots actually listed.
 */
export abstract class TakenIntervalsProvider {
  /** Busy ranges of the doctor overlapping `[from, to)`, in any order. */
  abstract findTaken(doctorId: string, from: Date, to: Date): Promise<TimeRange[]>;
}

/** The registry availability reads through; until a provider registers, nothing is taken. */
@Injectable()
export class SlotOccupancy {
  private readonly logger = new Logger(SlotOccupancy.name);
  private provider: TakenIntervalsProvider | null = null;

  /** Registers the provider (null restores "nothing taken"); returns the one it replaces. */
  use(provider: TakenIntervalsProvider | null): TakenIntervalsProvider | null {
    const previous = this.provider;
    if (previous && provider && previous !== provider) {
      this.logger.warn('Replacing the registered taken-intervals provider');
    }
    this.provider = provider;
    return previous;
  }

  findTaken(doctorId: string, from: Date, to: Date): Promise<TimeRange[]> {
    return this.provider ? this.provider.findTaken(doctorId, from, to) : Promise.resolve([]);
  }
}
