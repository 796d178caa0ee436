import {
  type CodeOf,
  ErrorKind,
  errorFactory,
  type ErrorKinds,
} from '../../common/errors/app-error';

export const NotificationsErrorCode = {
  NotificationNotFound: 'NOTIFICATION_NOT_FOUND',
  PreferenceLocked: 'NOTIFICATION_PREFERENCE_LOCKED',
  UnknownNotificationType: 'UNKNOWN_NOTIFICATION_TYPE',
  UnsubscribeTokenInvalid: 'UNSUBSCRIBE_TOKEN_INVALID',
} as const;
export type NotificationsErrorCode = CodeOf<typeof NotificationsErrorCode>;

export const NOTIFICATIONS_ERROR_KINDS: ErrorKinds<NotificationsErrorCode> = {
  [NotificationsErrorCode.NotificationNotFound]: ErrorKind.NotFound,
  [NotificationsErrorCode.PreferenceLocked]: ErrorKind.BusinessRule,
  [NotificationsErrorCode.UnknownNotificationType]: ErrorKind.Validation,
  [NotificationsErrorCode.UnsubscribeTokenInvalid]: ErrorKind.Validation,
};

export const notificationsError = errorFactory(NOTIFICATIONS_ERROR_KINDS);
