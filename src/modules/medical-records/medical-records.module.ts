import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AppointmentsModule } from '../appointments/appointments.module';
import { ClinicalAccessModule } from '../clinical-access/clinical-access.module';
import { UsersModule } from '../users/users.module';
import { EncountersService } from './encounters.service';
import {
  EncountersController,
  OwnRecordsController,
  PatientRecordsController,
} from './medical-records.controller';
import { MedicalRecordsPersonalDataSection } from './medical-records-personal-data.section';
import { MedicalRecordsRepository } from './medical-records.repository';
import { PatientRecordsService } from './patient-records.service';
import { RecordsAccess } from './records-access';
import { RECORDS_CIPHER_PROVIDER, RecordSealer } from './record-sealer';
import { RecordsPurgeListener } from './records-purge.listener';
import { Encounter, EncounterSchema } from './schemas/encounter.schema';
import { HealthProfile, HealthProfileSchema } from './schemas/health-profile.schema';
import { MedicalDocument, MedicalDocumentSchema } from './schemas/medical-document.schema';
import { Prescription, PrescriptionSchema } from './schemas/prescription.schema';

/**
 * Medical records: encounters, prescriptions, the patient's health history and documents.
 * Clinical values are sealed in the application (RecordSealer); every access goes through
 * RecordsAccess and is appended to the clinical audit (ClinicalAccessModule).
 */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Encounter.name, schema: EncounterSchema },
      { name: Prescription.name, schema: PrescriptionSchema },
      { name: HealthProfile.name, schema: HealthProfileSchema },
      { name: MedicalDocument.name, schema: MedicalDocumentSchema },
    ]),
    UsersModule,
    AppointmentsModule,
    ClinicalAccessModule,
  ],
  controllers: [EncountersController, PatientRecordsController, OwnRecordsController],
  providers: [
    RECORDS_CIPHER_PROVIDER,
    RecordSealer,
    MedicalRecordsRepository,
    RecordsAccess,
    EncountersService,
    PatientRecordsService,
    RecordsPurgeListener,
    MedicalRecordsPersonalDataSection,
  ],
  exports: [EncountersService, PatientRecordsService],
})
export class MedicalRecordsModule {}
