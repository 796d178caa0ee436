import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AppointmentsModule } from '../appointments/appointments.module';
import { CalendarController } from './calendar.controller';
import { CalendarRepository } from './calendar.repository';
import { CalendarService } from './calendar.service';
import { CalendarPersonalDataSection } from './calendar-personal-data.section';
import { CalendarUserEventsListener } from './calendar-user-events.listener';
import { CalendarFeed, CalendarFeedSchema } from './schemas/calendar-feed.schema';

@Module({
  imports: [
    MongooseModule.forFeature([{ name: CalendarFeed.name, schema: CalendarFeedSchema }]),
    AppointmentsModule,
  ],
  controllers: [CalendarController],
  providers: [
    CalendarRepository,
    CalendarService,
    CalendarUserEventsListener,
    CalendarPersonalDataSection,
  ],
})
export class CalendarModule {}
