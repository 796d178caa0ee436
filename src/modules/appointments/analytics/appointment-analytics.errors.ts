import {
  type CodeOf,
  ErrorKind,
  errorFactory,
  type ErrorKinds,
} from '../../../common/errors/app-error';

/** Same codes as the availability module's, so clients see one "bad range" everywhere. */
export const AppointmentAnalyticsErrorCode = {
  InvalidDateRange: 'INVALID_DATE_RANGE',
  DateRangeTooLong: 'DATE_RANGE_TOO_LONG',
} as const;
export type AppointmentAnalyticsErrorCode = CodeOf<typeof AppointmentAnalyticsErrorCode>;

export const APPOINTMENT_ANALYTICS_ERROR_KINDS: ErrorKinds<AppointmentAnalyticsErrorCode> = {
  [AppointmentAnalyticsErrorCode.InvalidDateRange]: ErrorKind.Validation,
  [AppointmentAnalyticsErrorCode.DateRangeTooLong]: ErrorKind.Validation,
};

export const analyticsError = errorFactory(APPOINTMENT_ANALYTICS_ERROR_KINDS);
