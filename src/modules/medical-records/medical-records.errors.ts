import {
  type CodeOf,
  ErrorKind,
  errorFactory,
  type ErrorKinds,
} from '../../common/errors/app-error';

export const MedicalRecordsErrorCode = {
  PatientNotFound: 'PATIENT_NOT_FOUND',
  AppointmentNotFound: 'APPOINTMENT_NOT_FOUND',
  EncounterNotFound: 'ENCOUNTER_NOT_FOUND',
  PrescriptionNotFound: 'PRESCRIPTION_NOT_FOUND',
  DocumentNotFound: 'DOCUMENT_NOT_FOUND',
  EncounterExists: 'ENCOUNTER_EXISTS',
  AppointmentNotAttended: 'APPOINTMENT_NOT_ATTENDED',
  EncounterLocked: 'ENCOUNTER_LOCKED',
  EncounterEnteredInError: 'ENCOUNTER_ENTERED_IN_ERROR',
  InvalidPrescriptionTransition: 'INVALID_PRESCRIPTION_TRANSITION',
  DocumentRequired: 'DOCUMENT_REQUIRED',
  UnsupportedDocumentType: 'UNSUPPORTED_DOCUMENT_TYPE',
  DocumentTooLarge: 'DOCUMENT_TOO_LARGE',
  RecordIntegrity: 'RECORD_INTEGRITY_ERROR',
} as const;
export type MedicalRecordsErrorCode = CodeOf<typeof MedicalRecordsErrorCode>;

/**
 * Whatever the caller may not see is 404 (someone else's patient, encounter, prescription or
 * document looks exactly like a missing one). A record that moved on is 409 (locked after 24 h,
 * entered-in-error, a status that cannot follow); a visit that did not happen is 422. A stored
 * value that fails its integrity check (altered, moved between records, unknown key) is 503:
 * the record cannot be served, the incident is logged without its values.
 */
export const MEDICAL_RECORDS_ERROR_KINDS: ErrorKinds<MedicalRecordsErrorCode> = {
  [MedicalRecordsErrorCode.PatientNotFound]: ErrorKind.NotFound,
  [MedicalRecordsErrorCode.AppointmentNotFound]: ErrorKind.NotFound,
  [MedicalRecordsErrorCode.EncounterNotFound]: ErrorKind.NotFound,
  [MedicalRecordsErrorCode.PrescriptionNotFound]: ErrorKind.NotFound,
  [MedicalRecordsErrorCode.DocumentNotFound]: ErrorKind.NotFound,
  [MedicalRecordsErrorCode.EncounterExists]: ErrorKind.Conflict,
  [MedicalRecordsErrorCode.AppointmentNotAttended]: ErrorKind.BusinessRule,
  [MedicalRecordsErrorCode.EncounterLocked]: ErrorKind.Conflict,
  [MedicalRecordsErrorCode.EncounterEnteredInError]: ErrorKind.Conflict,
  [MedicalRecordsErrorCode.InvalidPrescriptionTransition]: ErrorKind.Conflict,
  [MedicalRecordsErrorCode.DocumentRequired]: ErrorKind.Validation,
  [MedicalRecordsErrorCode.UnsupportedDocumentType]: ErrorKind.Validation,
  [MedicalRecordsErrorCode.DocumentTooLarge]: ErrorKind.PayloadTooLarge,
  [MedicalRecordsErrorCode.RecordIntegrity]: ErrorKind.Unavailable,
};

export const recordsError = errorFactory(MEDICAL_RECORDS_ERROR_KINDS);
