import {
  type CodeOf,
  ErrorKind,
  errorFactory,
  type ErrorKinds,
} from '../../common/errors/app-error';

export const ClinicalAccessErrorCode = {
  /** The id names no patient account (unknown, not a patient, or deleted). */
  PatientNotFound: 'PATIENT_NOT_FOUND',
  InvalidDateRange: 'INVALID_DATE_RANGE',
} as const;
export type ClinicalAccessErrorCode = CodeOf<typeof ClinicalAccessErrorCode>;

export const CLINICAL_ACCESS_ERROR_KINDS: ErrorKinds<ClinicalAccessErrorCode> = {
  [ClinicalAccessErrorCode.PatientNotFound]: ErrorKind.NotFound,
  [ClinicalAccessErrorCode.InvalidDateRange]: ErrorKind.Validation,
};

export const clinicalAccessError = errorFactory(CLINICAL_ACCESS_ERROR_KINDS);
