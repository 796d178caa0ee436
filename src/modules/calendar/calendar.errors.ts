import {
  type CodeOf,
  ErrorKind,
  errorFactory,
  type ErrorKinds,
} from '../../common/errors/app-error';

export const CalendarErrorCode = {
  FeedNotFound: 'CALENDAR_FEED_NOT_FOUND',
} as const;
export type CalendarErrorCode = CodeOf<typeof CalendarErrorCode>;

/** An unknown, revoked or regenerated-away token is the same 404: it says nothing about others. */
export const CALENDAR_ERROR_KINDS: ErrorKinds<CalendarErrorCode> = {
  [CalendarErrorCode.FeedNotFound]: ErrorKind.NotFound,
};

export const calendarError = errorFactory(CALENDAR_ERROR_KINDS);
