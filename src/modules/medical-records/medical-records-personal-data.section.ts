import { Injectable } from '@nestjs/common';
import {
  PersonalDataExporter,
  type PersonalDataSection,
  type PersonalDataSubject,
} from '../../common/privacy/personal-data-section';
import { PatientRecordsService } from './patient-records.service';

/**
 * The caller's medical record as a patient, decrypted: health profile, documents (metadata, not
 * their bytes, which GET /documents/:id/content serves) and encounters with their prescriptions
 * and addenda. The export records itself once in the clinical audit; this section adds no entry.
 * Encounters a doctor wrote about others are those patients' records, not the doctor's data.
 */
@PersonalDataExporter()
@Injectable()
export class MedicalRecordsPersonalDataSection implements PersonalDataSection {
  readonly name = 'medicalRecords';
  readonly collections = [
    'encounters',
    'prescriptions',
    'health_profiles',
    'medical_documents',
  ] as const;

  constructor(private readonly records: PatientRecordsService) {}

  exportFor({ userId }: PersonalDataSubject) {
    return this.records.exportFor(userId);
  }
}
