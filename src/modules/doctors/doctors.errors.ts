import {
  type CodeOf,
  ErrorKind,
  errorFactory,
  type ErrorKinds,
} from '../../common/errors/app-error';

export const DoctorsErrorCode = {
  DoctorNotFound: 'DOCTOR_NOT_FOUND',
  DoctorProfileExists: 'DOCTOR_PROFILE_EXISTS',
  UnknownSpeciality: 'UNKNOWN_SPECIALITY',
  SpecialityExists: 'SPECIALITY_EXISTS',
  InvalidSpecialitySlug: 'INVALID_SPECIALITY_SLUG',
  ApplicationNotFound: 'APPLICATION_NOT_FOUND',
  ApplicationPending: 'APPLICATION_ALREADY_PENDING',
  ApplicationNotPending: 'APPLICATION_NOT_PENDING',
  ApplicantNotEligible: 'APPLICANT_NOT_ELIGIBLE',
} as const;
export type DoctorsErrorCode = CodeOf<typeof DoctorsErrorCode>;

export const DOCTORS_ERROR_KINDS: ErrorKinds<DoctorsErrorCode> = {
  [DoctorsErrorCode.DoctorNotFound]: ErrorKind.NotFound,
  [DoctorsErrorCode.DoctorProfileExists]: ErrorKind.Conflict,
  [DoctorsErrorCode.UnknownSpeciality]: ErrorKind.Validation,
  [DoctorsErrorCode.SpecialityExists]: ErrorKind.Conflict,
  [DoctorsErrorCode.InvalidSpecialitySlug]: ErrorKind.Validation,
  [DoctorsErrorCode.ApplicationNotFound]: ErrorKind.NotFound,
  [DoctorsErrorCode.ApplicationPending]: ErrorKind.Conflict,
  [DoctorsErrorCode.ApplicationNotPending]: ErrorKind.Conflict,
  [DoctorsErrorCode.ApplicantNotEligible]: ErrorKind.BusinessRule,
};

export const doctorsError = errorFactory(DOCTORS_ERROR_KINDS);
