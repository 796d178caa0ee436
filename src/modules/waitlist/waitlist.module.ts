import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AppointmentsModule } from '../appointments/appointments.module';
import { DoctorsModule } from '../doctors/doctors.module';
import { WaitlistEntry, WaitlistEntrySchema } from './schemas/waitlist-entry.schema';
import { WaitlistOffer, WaitlistOfferSchema } from './schemas/waitlist-offer.schema';
import { WaitlistController } from './waitlist.controller';
import { WaitlistRepository } from './waitlist.repository';
import { WaitlistService } from './waitlist.service';
import { WaitlistPersonalDataSection } from './waitlist-personal-data.section';
import { AvailabilityModule } from '../availability/availability.module';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: WaitlistEntry.name, schema: WaitlistEntrySchema },
      { name: WaitlistOffer.name, schema: WaitlistOfferSchema },
    ]),
    DoctorsModule,
    AvailabilityModule,
    AppointmentsModule,
  ],
  controllers: [WaitlistController],
  providers: [WaitlistRepository, WaitlistService, WaitlistPersonalDataSection],
})
export class WaitlistModule {}
