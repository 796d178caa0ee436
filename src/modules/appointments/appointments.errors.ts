import {
  type CodeOf,
  ErrorKind,
  errorFactory,
  type ErrorKinds,
} from '../../common/errors/app-error';

export const AppointmentsErrorCode = {
  AppointmentNotFound: 'APPOINTMENT_NOT_FOUND',
  DoctorNotBookable: 'DOCTOR_NOT_BOOKABLE',
  SlotNotOffered: 'SLOT_NOT_OFFERED',
  SlotTaken: 'SLOT_TAKEN',
  PatientNotActive: 'PATIENT_NOT_ACTIVE',
  CannotBookSelf: 'CANNOT_BOOK_SELF',
  PatientOverlap: 'PATIENT_OVERLAP',
  TooManyHolds: 'TOO_MANY_HOLDS',
  InvalidTransition: 'INVALID_TRANSITION',
  NotStarted: 'NOT_STARTED',
  AlreadyStarted: 'APPOINTMENT_STARTED',
  SameSlot: 'SAME_SLOT',
  PaymentRequired: 'PAYMENT_REQUIRED',
  ActionNotAllowed: 'ACTION_NOT_ALLOWED',
  ReasonRequired: 'REASON_REQUIRED',
  InvalidDateRange: 'INVALID_DATE_RANGE',
  IdempotencyKeyInvalid: 'IDEMPOTENCY_KEY_INVALID',
  IdempotencyKeyReused: 'IDEMPOTENCY_KEY_REUSED',
  IdempotencyKeyInProgress: 'IDEMPOTENCY_KEY_IN_PROGRESS',
} as const;
export type AppointmentsErrorCode = CodeOf<typeof AppointmentsErrorCode>;

export const APPOINTMENTS_ERROR_KINDS: ErrorKinds<AppointmentsErrorCode> = {
  [AppointmentsErrorCode.AppointmentNotFound]: ErrorKind.NotFound,
  [AppointmentsErrorCode.DoctorNotBookable]: ErrorKind.BusinessRule,
  [AppointmentsErrorCode.SlotNotOffered]: ErrorKind.BusinessRule,
  [AppointmentsErrorCode.SlotTaken]: ErrorKind.Conflict,
  [AppointmentsErrorCode.PatientNotActive]: ErrorKind.BusinessRule,
  [AppointmentsErrorCode.CannotBookSelf]: ErrorKind.BusinessRule,
  [AppointmentsErrorCode.PatientOverlap]: ErrorKind.BusinessRule,
  [AppointmentsErrorCode.TooManyHolds]: ErrorKind.BusinessRule,
  [AppointmentsErrorCode.InvalidTransition]: ErrorKind.Conflict,
  [AppointmentsErrorCode.NotStarted]: ErrorKind.BusinessRule,
  [AppointmentsErrorCode.AlreadyStarted]: ErrorKind.BusinessRule,
  [AppointmentsErrorCode.SameSlot]: ErrorKind.BusinessRule,
  [AppointmentsErrorCode.PaymentRequired]: ErrorKind.BusinessRule,
  [AppointmentsErrorCode.ActionNotAllowed]: ErrorKind.Forbidden,
  [AppointmentsErrorCode.ReasonRequired]: ErrorKind.Validation,
  [AppointmentsErrorCode.InvalidDateRange]: ErrorKind.Validation,
  [AppointmentsErrorCode.IdempotencyKeyInvalid]: ErrorKind.Validation,
  [AppointmentsErrorCode.IdempotencyKeyReused]: ErrorKind.BusinessRule,
  [AppointmentsErrorCode.IdempotencyKeyInProgress]: ErrorKind.Conflict,
};

export const appointmentsError = errorFactory(APPOINTMENTS_ERROR_KINDS);
