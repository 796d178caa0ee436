import {
  type CodeOf,
  ErrorKind,
  errorFactory,
  type ErrorKinds,
} from '../../common/errors/app-error';

export const AvailabilityErrorCode = {
  /** Same code as the doctors module's, so clients see one "no such doctor" everywhere. */
  DoctorNotFound: 'DOCTOR_NOT_FOUND',
  OverrideNotFound: 'SCHEDULE_OVERRIDE_NOT_FOUND',
  InvalidDate: 'INVALID_DATE',
  InvalidDateRange: 'INVALID_DATE_RANGE',
  DateRangeTooLong: 'DATE_RANGE_TOO_LONG',
} as const;
export type AvailabilityErrorCode = CodeOf<typeof AvailabilityErrorCode>;

export const AVAILABILITY_ERROR_KINDS: ErrorKinds<AvailabilityErrorCode> = {
  [AvailabilityErrorCode.DoctorNotFound]: ErrorKind.NotFound,
  [AvailabilityErrorCode.OverrideNotFound]: ErrorKind.NotFound,
  [AvailabilityErrorCode.InvalidDate]: ErrorKind.Validation,
  [AvailabilityErrorCode.InvalidDateRange]: ErrorKind.Validation,
  [AvailabilityErrorCode.DateRangeTooLong]: ErrorKind.Validation,
};

export const availabilityError = errorFactory(AVAILABILITY_ERROR_KINDS);
