import { ErrorKind, type ErrorKinds } from './common/errors/app-error';
import { COMMON_ERROR_KINDS, type CommonErrorCode } from './common/errors/error-codes';
import {
  APPOINTMENT_ANALYTICS_ERROR_KINDS,
  type AppointmentAnalyticsErrorCode,
} from './modules/appointments/analytics/appointment-analytics.errors';
import {
  APPOINTMENTS_ERROR_KINDS,
  type AppointmentsErrorCode,
} from './modules/appointments/appointments.errors';
import { AUTH_ERROR_KINDS, type AuthErrorCode } from './modules/auth/auth.errors';
import { CALENDAR_ERROR_KINDS, type CalendarErrorCode } from './modules/calendar/calendar.errors';
import {
  CLINICAL_ACCESS_ERROR_KINDS,
  type ClinicalAccessErrorCode,
} from './modules/clinical-access/clinical-access.errors';
import {
  AVAILABILITY_ERROR_KINDS,
  type AvailabilityErrorCode,
} from './modules/availability/availability.errors';
import { DOCTORS_ERROR_KINDS, type DoctorsErrorCode } from './modules/doctors/doctors.errors';
import { MEDIA_ERROR_KINDS, type MediaErrorCode } from './modules/media/media.errors';
import {
  MEDICAL_RECORDS_ERROR_KINDS,
  type MedicalRecordsErrorCode,
} from './modules/medical-records/medical-records.errors';
import {
  NOTIFICATIONS_ERROR_KINDS,
  type NotificationsErrorCode,
} from './modules/notifications/notifications.errors';
import { OUTBOX_ERROR_KINDS, type OutboxErrorCode } from './modules/outbox/outbox.errors';
import { PAYMENTS_ERROR_KINDS, type PaymentsErrorCode } from './modules/payments/payments.errors';
import {
  PRESCRIPTO_ERROR_KINDS,
  type PrescriptoErrorCode,
} from './modules/prescripto/prescripto.errors';
import { WAITLIST_ERROR_KINDS, type WaitlistErrorCode } from './modules/waitlist/waitlist.errors';
import { REVIEWS_ERROR_KINDS, type ReviewsErrorCode } from './modules/reviews/reviews.errors';
import { USERS_ERROR_KINDS, type UsersErrorCode } from './modules/users/users.errors';

/** Every code the API can answer with, module by module. */
export type ErrorCode =
  | CommonErrorCode
  | AppointmentAnalyticsErrorCode
  | AppointmentsErrorCode
  | AuthErrorCode
  | AvailabilityErrorCode
  | CalendarErrorCode
  | ClinicalAccessErrorCode
  | DoctorsErrorCode
  | MediaErrorCode
  | MedicalRecordsErrorCode
  | NotificationsErrorCode
  | OutboxErrorCode
  | PaymentsErrorCode
  | PrescriptoErrorCode
  | ReviewsErrorCode
  | UsersErrorCode
  | WaitlistErrorCode;

/** The modules' tables, registered once. Adding a module's codes means adding its table here. */
export const ERROR_TABLES: Readonly<Record<string, ErrorKinds<string>>> = {
  common: COMMON_ERROR_KINDS,
  appointmentAnalytics: APPOINTMENT_ANALYTICS_ERROR_KINDS,
  appointments: APPOINTMENTS_ERROR_KINDS,
  auth: AUTH_ERROR_KINDS,
  availability: AVAILABILITY_ERROR_KINDS,
  calendar: CALENDAR_ERROR_KINDS,
  clinicalAccess: CLINICAL_ACCESS_ERROR_KINDS,
  doctors: DOCTORS_ERROR_KINDS,
  payments: PAYMENTS_ERROR_KINDS,
  prescripto: PRESCRIPTO_ERROR_KINDS,
  media: MEDIA_ERROR_KINDS,
  medicalRecords: MEDICAL_RECORDS_ERROR_KINDS,
  notifications: NOTIFICATIONS_ERROR_KINDS,
  outbox: OUTBOX_ERROR_KINDS,
  reviews: REVIEWS_ERROR_KINDS,
  users: USERS_ERROR_KINDS,
  waitlist: WAITLIST_ERROR_KINDS,
};

/**
 * One kind per code across the API. Modules may share a code (DOCTOR_NOT_FOUND, INVALID_DATE_RANGE)
 * so clients see one meaning everywhere, but then they must agree on its kind.
 */
export function mergeErrorTables(
  tables: Readonly<Record<string, ErrorKinds<string>>>,
): ReadonlyMap<string, ErrorKind> {
  const merged = new Map<string, ErrorKind>();
  for (const [owner, table] of Object.entries(tables)) {
    for (const [code, kind] of Object.entries(table)) {
      const known = merged.get(code);
      if (known !== undefined && known !== kind) {
        throw new Error(`${owner} declares ${code} as ${kind}, another module as ${known}`);
      }
      merged.set(code, kind);
    }
  }
  return merged;
}

export const ERROR_CATALOG: ReadonlyMap<string, ErrorKind> = mergeErrorTables(ERROR_TABLES);
