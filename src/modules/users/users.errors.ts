import {
  type CodeOf,
  ErrorKind,
  errorFactory,
  type ErrorKinds,
} from '../../common/errors/app-error';

export const UsersErrorCode = {
  EmailTaken: 'EMAIL_TAKEN',
  UserNotFound: 'USER_NOT_FOUND',
  InvalidPassword: 'INVALID_PASSWORD',
  AccountNotRecoverable: 'ACCOUNT_NOT_RECOVERABLE',
  CannotModifySelf: 'CANNOT_MODIFY_SELF',
  InvalidStatusChange: 'INVALID_STATUS_CHANGE',
  InvalidCredentials: 'INVALID_CREDENTIALS',
  CannotModifyAdmin: 'CANNOT_MODIFY_ADMIN',
} as const;
export type UsersErrorCode = CodeOf<typeof UsersErrorCode>;

export const USERS_ERROR_KINDS: ErrorKinds<UsersErrorCode> = {
  [UsersErrorCode.EmailTaken]: ErrorKind.Conflict,
  [UsersErrorCode.UserNotFound]: ErrorKind.NotFound,
  [UsersErrorCode.InvalidPassword]: ErrorKind.BusinessRule,
  [UsersErrorCode.AccountNotRecoverable]: ErrorKind.BusinessRule,
  [UsersErrorCode.CannotModifySelf]: ErrorKind.BusinessRule,
  [UsersErrorCode.InvalidStatusChange]: ErrorKind.Conflict,
  [UsersErrorCode.InvalidCredentials]: ErrorKind.Unauthenticated,
  [UsersErrorCode.CannotModifyAdmin]: ErrorKind.Forbidden,
};

export const usersError = errorFactory(USERS_ERROR_KINDS);
