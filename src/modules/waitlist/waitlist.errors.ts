import {
  type CodeOf,
  ErrorKind,
  errorFactory,
  type ErrorKinds,
} from '../../common/errors/app-error';

export const WaitlistErrorCode = {
  EntryNotFound: 'WAITLIST_ENTRY_NOT_FOUND',
  LimitReached: 'WAITLIST_LIMIT_REACHED',
  InvalidDateRange: 'INVALID_DATE_RANGE',
  InvalidTimeWindow: 'WAITLIST_INVALID_TIME_WINDOW',
  OfferNotFound: 'WAITLIST_OFFER_NOT_FOUND',
  OfferNotOpen: 'WAITLIST_OFFER_NOT_OPEN',
  PaymentRequired: 'WAITLIST_PAYMENT_REQUIRED',
} as const;
export type WaitlistErrorCode = CodeOf<typeof WaitlistErrorCode>;

export const WAITLIST_ERROR_KINDS: ErrorKinds<WaitlistErrorCode> = {
  [WaitlistErrorCode.EntryNotFound]: ErrorKind.NotFound,
  [WaitlistErrorCode.LimitReached]: ErrorKind.Conflict,
  [WaitlistErrorCode.InvalidDateRange]: ErrorKind.Validation,
  [WaitlistErrorCode.InvalidTimeWindow]: ErrorKind.Validation,
  [WaitlistErrorCode.OfferNotFound]: ErrorKind.NotFound,
  [WaitlistErrorCode.OfferNotOpen]: ErrorKind.Conflict,
  [WaitlistErrorCode.PaymentRequired]: ErrorKind.BusinessRule,
};

export const waitlistError = errorFactory(WAITLIST_ERROR_KINDS);
