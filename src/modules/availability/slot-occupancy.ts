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
 * and implements `findTakenTime` with ONE indexed range query per call: active appointments of
 * the doctor with `start < to && end > from`. It is called at most once per slots request, with
 * the span of the slots actually listed.
 */
export abstract class TakenIntervalsProvider {
  /**
   * Busy ranges of the doctor overlapping `[from, to)`, in any order, with a digest that the
   * slots cache compares on every request. `takenTimeOf(ranges)` makes one from decoded ranges;
   * the appointments module compares the query's raw bytes instead, decoding them only when
   * they changed.
   */
  abstract findTakenTime(doctorId: string, from: Date, to: Date): Promise<TakenTime>;
}

/**
 * Busy time as the slots endpoint reads it on every request: `digest` identifies it (equal
 * digests mean equal busy time; a different digest for the same time only costs a recomputation),
 * `ranges()` decodes it, which is only needed when the digest differs from a cached answer's.
 */
export interface TakenTime {
  readonly digest: Uint8Array;
  ranges(): TimeRange[];
}

/** A TakenTime over decoded ranges: the digest is their [start, end, ...] instants in ms. */
export function takenTimeOf(ranges: TimeRange[]): TakenTime {
  const instants = new Float64Array(ranges.length * 2);
  for (let i = 0; i < ranges.length; i++) {
    instants[2 * i] = ranges[i].start.getTime();
    instants[2 * i + 1] = ranges[i].end.getTime();
  }
  return { digest: new Uint8Array(instants.buffer), ranges: () => ranges };
}

const NOTHING_TAKEN: TakenTime = takenTimeOf([]);

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

  findTakenTime(doctorId: string, from: Date, to: Date): Promise<TakenTime> {
    return this.provider
      ? this.provider.findTakenTime(doctorId, from, to)
      : Promise.resolve(NOTHING_TAKEN);
  }
}
