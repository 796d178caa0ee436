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
