/** Same codes as the availability module's, so clients see one "bad range" everywhere. */
export const AppointmentAnalyticsErrorCode = {
  InvalidDateRange: 'INVALID_DATE_RANGE',
  DateRangeTooLong: 'DATE_RANGE_TOO_LONG',
} as const;
