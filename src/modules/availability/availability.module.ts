import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { DoctorsModule } from '../doctors/doctors.module';
import { AdminScheduleController } from './admin-schedule.controller';
import { AvailabilityService } from './availability.service';
import { AvailabilityPersonalDataSection } from './availability-personal-data.section';
import { DoctorSlotsController } from './doctor-slots.controller';
import { MyScheduleController } from './my-schedule.controller';
import { ScheduleOverridesRepository } from './schedule-overrides.repository';
import { SchedulesRepository } from './schedules.repository';
import { ScheduleOverride, ScheduleOverrideSchema } from './schemas/schedule-override.schema';
import { Schedule, ScheduleSchema } from './schemas/schedule.schema';
import { SlotOccupancy } from './slot-occupancy';
import { AppConfig } from '../../config/app-config';
import { SlotsCache } from './slots-cache';
import { ScheduleCache } from './schedule-cache';

/**
 * Doctors' weekly hours, date overrides and the slots they produce.
 *
 * Decisions where the requirements were silent:
 * - A doctor without a saved schedule gets the defaults (30 min slots, no buffer, 60 min notice,
 *   30 days ahead) and NO weekly hours: closed until they say when they work.
 * - "HH:mm" is 00:00-23:59; "24:00" is accepted only as an interval end (end of the day).
 * - The time zone lives on the doctor profile; PUT schedule without `timezone` keeps it.
 * - DST, horizon, notice and taken rules: see domain/slot-engine.ts.
 * - Appointments plug into SlotOccupancy (see slot-occupancy.ts); this module never imports them.
 * - Slots answers are cached per instance and reused only while everything they were built from
 *   is the same: the profile and the taken time are read on every request, the schedule and
 *   overrides are stood for by the doctor's schedule version (slots-cache.ts,
 *   schedule-cache.ts). Appointment writes announce nothing.
 */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Schedule.name, schema: ScheduleSchema },
      { name: ScheduleOverride.name, schema: ScheduleOverrideSchema },
    ]),
    DoctorsModule,
  ],
  // `doctors/me/schedule...` has more segments than the doctors module's `doctors/:id`, so it
  // cannot be captured there; `doctors/me/slots` is a 400 from ParseObjectIdPipe (e2e-tested).
  controllers: [MyScheduleController, DoctorSlotsController, AdminScheduleController],
  providers: [
    SchedulesRepository,
    ScheduleOverridesRepository,
    AvailabilityService,
    SlotOccupancy,
    {
      provide: SlotsCache,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        new SlotsCache(config.SLOTS_CACHE_ENTRIES, config.SLOTS_CACHE_MAX_AGE_MS),
    },
    {
      provide: ScheduleCache,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        new ScheduleCache(config.SCHEDULE_CACHE_ENTRIES, config.SLOTS_CACHE_MAX_AGE_MS),
    },
    AvailabilityPersonalDataSection,
  ],
  exports: [AvailabilityService, SlotOccupancy],
})
export class AvailabilityModule {}
