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
    AvailabilityPersonalDataSection,
  ],
  exports: [AvailabilityService, SlotOccupancy],
})
export class AvailabilityModule {}
