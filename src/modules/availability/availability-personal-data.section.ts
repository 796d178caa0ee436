import { Injectable } from '@nestjs/common';
import {
  PersonalDataExporter,
  type PersonalDataSection,
  type PersonalDataSubject,
} from '../../common/privacy/personal-data-section';
import { ScheduleOverridesRepository } from './schedule-overrides.repository';
import { SchedulesRepository } from './schedules.repository';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** A doctor's weekly hours, booking rules and date overrides (nothing for other roles). */
@PersonalDataExporter()
@Injectable()
export class AvailabilityPersonalDataSection implements PersonalDataSection {
  readonly name = 'availability';
  readonly collections = ['schedules', 'schedule_overrides'] as const;

  constructor(
    private readonly schedules: SchedulesRepository,
    private readonly overrides: ScheduleOverridesRepository,
  ) {}

  async exportFor({ userId }: PersonalDataSubject) {
    const [schedule, overrides] = await Promise.all([
      this.schedules.findByDoctor(userId),
      this.overrides.listAllOfDoctor(userId),
    ]);
    return {
      schedule: schedule && {
        slotMinutes: schedule.slotMinutes,
        bufferMinutes: schedule.bufferMinutes,
        minNoticeMinutes: schedule.minNoticeMinutes,
        maxAdvanceDays: schedule.maxAdvanceDays,
        weekly: Object.fromEntries(
          DAYS.map((d) => [
            d,
            (schedule.weekly[d] ?? []).map((i) => ({ start: i.start, end: i.end })),
          ]),
        ),
        updatedAt: schedule.updatedAt,
      },
      overrides: overrides.map((o) => ({
        date: o.date,
        intervals: o.intervals.map((i) => ({ start: i.start, end: i.end })),
        reason: o.reason,
        updatedAt: o.updatedAt,
      })),
    };
  }
}
