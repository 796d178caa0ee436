import { Module, OnApplicationBootstrap } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { MediaModule } from '../media/media.module';
import { UsersModule } from '../users/users.module';
import { AdminDoctorsController } from './admin-doctors.controller';
import { DoctorAccountListener } from './doctor-account.listener';
import {
  AdminDoctorApplicationsController,
  DoctorApplicationsController,
} from './doctor-applications.controller';
import { DoctorApplicationsRepository } from './doctor-applications.repository';
import { DoctorApplicationsService } from './doctor-applications.service';
import { DoctorsController } from './doctors.controller';
import { DoctorsRepository } from './doctors.repository';
import { DoctorsPersonalDataSection } from './doctors-personal-data.section';
import { DoctorsService } from './doctors.service';
import { Doctor, DoctorSchema } from './schemas/doctor.schema';
import { DoctorApplication, DoctorApplicationSchema } from './schemas/doctor-application.schema';
import { Speciality, SpecialitySchema } from './schemas/speciality.schema';
import { AdminSpecialitiesController, SpecialitiesController } from './specialities.controller';
import { SpecialitiesRepository } from './specialities.repository';
import { SpecialitiesService } from './specialities.service';
import { DoctorAdministrationService } from './doctor-administration.service';
import { DoctorDirectoryService } from './doctor-directory.service';
import { DoctorProfileService } from './doctor-profile.service';
import { DoctorRatingsService } from './doctor-ratings.service';
import { DoctorRecords } from './doctor-records';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Doctor.name, schema: DoctorSchema },
      { name: DoctorApplication.name, schema: DoctorApplicationSchema },
      { name: Speciality.name, schema: SpecialitySchema },
    ]),
    UsersModule,
    MediaModule,
  ],
  controllers: [
    SpecialitiesController,
    AdminSpecialitiesController,
    DoctorsController,
    AdminDoctorsController,
    DoctorApplicationsController,
    AdminDoctorApplicationsController,
  ],
  providers: [
    DoctorsRepository,
    DoctorsPersonalDataSection,
    DoctorApplicationsRepository,
    SpecialitiesRepository,
    DoctorRecords,
    DoctorsService,
    DoctorDirectoryService,
    DoctorProfileService,
    DoctorAdministrationService,
    DoctorRatingsService,
    DoctorApplicationsService,
    SpecialitiesService,
    DoctorAccountListener,
  ],
  // By audience: other modules' needs (calendars, snapshots, account mirrors), the public
  // directory, a doctor's own profile and administration (the Prescripto adapter), ratings (reviews).
  exports: [
    DoctorsService,
    DoctorDirectoryService,
    DoctorProfileService,
    DoctorAdministrationService,
    DoctorRatingsService,
  ],
})
export class DoctorsModule implements OnApplicationBootstrap {
  constructor(
    private readonly specialities: SpecialitiesService,
    private readonly doctors: DoctorsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.specialities.ensureDefaults();
    await this.doctors.reconcileMustChangePassword();
  }
}
