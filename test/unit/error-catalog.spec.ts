import type { Request, Response } from 'express';
import { AppError, assertUnreachable, ErrorKind } from '../../src/common/errors/app-error';
import { CommonErrorCode, COMMON_ERROR_KINDS } from '../../src/common/errors/error-codes';
import { AllExceptionsFilter, statusOfKind } from '../../src/common/filters/all-exceptions.filter';
import { ERROR_CATALOG, ERROR_TABLES, mergeErrorTables } from '../../src/error-catalog';
import { AppointmentAnalyticsErrorCode } from '../../src/modules/appointments/analytics/appointment-analytics.errors';
import { AppointmentsErrorCode } from '../../src/modules/appointments/appointments.errors';
import { AuthErrorCode } from '../../src/modules/auth/auth.errors';
import { AvailabilityErrorCode } from '../../src/modules/availability/availability.errors';
import { CalendarErrorCode } from '../../src/modules/calendar/calendar.errors';
import { ClinicalAccessErrorCode } from '../../src/modules/clinical-access/clinical-access.errors';
import { DoctorsErrorCode } from '../../src/modules/doctors/doctors.errors';
import { MediaErrorCode } from '../../src/modules/media/media.errors';
import { MedicalRecordsErrorCode } from '../../src/modules/medical-records/medical-records.errors';
import { NotificationsErrorCode } from '../../src/modules/notifications/notifications.errors';
import { OutboxErrorCode } from '../../src/modules/outbox/outbox.errors';
import { PaymentsErrorCode } from '../../src/modules/payments/payments.errors';
import { PrescriptoErrorCode } from '../../src/modules/prescripto/prescripto.errors';
import { ReviewsErrorCode } from '../../src/modules/reviews/reviews.errors';
import { UsersErrorCode } from '../../src/modules/users/users.errors';
import { WaitlistErrorCode } from '../../src/modules/waitlist/waitlist.errors';

/** The codes each module declares, next to the table it registers. */
const DECLARED: Record<keyof typeof ERROR_TABLES, Record<string, string>> = {
  common: CommonErrorCode,
  appointmentAnalytics: AppointmentAnalyticsErrorCode,
  appointments: AppointmentsErrorCode,
  auth: AuthErrorCode,
  availability: AvailabilityErrorCode,
  calendar: CalendarErrorCode,
  clinicalAccess: ClinicalAccessErrorCode,
  doctors: DoctorsErrorCode,
  media: MediaErrorCode,
  medicalRecords: MedicalRecordsErrorCode,
  notifications: NotificationsErrorCode,
  outbox: OutboxErrorCode,
  payments: PaymentsErrorCode,
  prescripto: PrescriptoErrorCode,
  reviews: ReviewsErrorCode,
  users: UsersErrorCode,
  waitlist: WaitlistErrorCode,
};

/** Produced by the filter itself, never thrown: they have a status but no kind. */
const FILTER_ONLY = new Set<string>([CommonErrorCode.MethodNotAllowed, CommonErrorCode.Internal]);

const KINDS = Object.values(ErrorKind);

function respond(err: unknown): { status: number; body: { code?: string } } {
  const out = { status: 0, body: {} as { code?: string } };
  const res = {
    headersSent: false,
    setHeader: () => res,
    status(s: number) {
      out.status = s;
      return res;
    },
    json(b: { code?: string }) {
      out.body = b;
      return res;
    },
  };
  const req = { id: 'r', method: 'GET', path: '/' };
  AllExceptionsFilter.respond(err, req as unknown as Request, res as unknown as Response);
  return out;
}

describe('error catalog', () => {
  it('registers a table for every module that declares codes', () => {
    expect(Object.keys(ERROR_TABLES).sort()).toEqual(Object.keys(DECLARED).sort());
  });

  it.each(Object.entries(DECLARED))('gives every %s code a kind', (module, codes) => {
    const table = ERROR_TABLES[module];
    const missing = Object.values(codes).filter(
      (code) => !FILTER_ONLY.has(code) && !KINDS.includes(table[code]),
    );
    expect(missing).toEqual([]);
    // Nothing in the table that the module does not declare.
    expect(Object.keys(table).filter((code) => !Object.values(codes).includes(code))).toEqual([]);
  });

  it('leaves only the filter-only platform codes without a kind', () => {
    const kindless = Object.values(CommonErrorCode).filter((c) => !(c in COMMON_ERROR_KINDS));
    expect(kindless.sort()).toEqual([...FILTER_ONLY].sort());
  });

  it('gives a code shared by modules one kind, and refuses two', () => {
    expect(ERROR_CATALOG.get('DOCTOR_NOT_FOUND')).toBe(ErrorKind.NotFound);
    expect(ERROR_CATALOG.get('INVALID_DATE_RANGE')).toBe(ErrorKind.Validation);
    expect(() =>
      mergeErrorTables({
        a: { SAME: ErrorKind.NotFound },
        b: { SAME: ErrorKind.Conflict },
      }),
    ).toThrow('b declares SAME as conflict, another module as not_found');
  });
});

describe('kind -> status', () => {
  const expected: Record<ErrorKind, number> = {
    [ErrorKind.Validation]: 400,
    [ErrorKind.Unauthenticated]: 401,
    [ErrorKind.Forbidden]: 403,
    [ErrorKind.NotFound]: 404,
    [ErrorKind.Conflict]: 409,
    [ErrorKind.BusinessRule]: 422,
    [ErrorKind.TooManyRequests]: 429,
    [ErrorKind.PayloadTooLarge]: 413,
    [ErrorKind.UnsupportedMediaType]: 415,
    [ErrorKind.Unavailable]: 503,
  };

  it.each(KINDS)('maps %s', (kind) => {
    expect(statusOfKind(kind)).toBe(expected[kind]);
  });

  it('fails loudly on a kind it does not know rather than guessing a status', () => {
    expect(() => statusOfKind('teapot' as ErrorKind)).toThrow('Unhandled error kind: teapot');
    expect(() => assertUnreachable('x' as never, 'thing')).toThrow('Unhandled thing: x');
  });

  it.each([...ERROR_CATALOG])('answers %s with its kind status and code', (code, kind) => {
    expect(respond(new AppError(kind, code, 'm'))).toEqual({
      status: expected[kind],
      body: expect.objectContaining({ success: false, code }) as unknown,
    });
  });
});
