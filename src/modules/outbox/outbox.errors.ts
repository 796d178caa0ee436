import {
  type CodeOf,
  ErrorKind,
  errorFactory,
  type ErrorKinds,
} from '../../common/errors/app-error';

export const OutboxErrorCode = {
  DeliveryNotFound: 'OUTBOX_DELIVERY_NOT_FOUND',
  DeliveryNotDead: 'OUTBOX_DELIVERY_NOT_DEAD',
} as const;
export type OutboxErrorCode = CodeOf<typeof OutboxErrorCode>;

export const OUTBOX_ERROR_KINDS: ErrorKinds<OutboxErrorCode> = {
  [OutboxErrorCode.DeliveryNotFound]: ErrorKind.NotFound,
  [OutboxErrorCode.DeliveryNotDead]: ErrorKind.Conflict,
};

export const outboxError = errorFactory(OUTBOX_ERROR_KINDS);
