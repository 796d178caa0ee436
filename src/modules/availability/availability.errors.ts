export const AvailabilityErrorCode = {
  /** Same code as the doctors module's, so clients see one "no such doctor" everywhere. */
  DoctorNotFound: 'DOCTOR_NOT_FOUND',
  OverrideNotFound: 'SCHEDULE_OVERRIDE_NOT_FOUND',
  InvalidDate: 'INVALID_DATE',
  InvalidDateRange: 'INVALID_DATE_RANGE',
  DateRangeTooLong: 'DATE_RANGE_TOO_LONG',
} as const;
