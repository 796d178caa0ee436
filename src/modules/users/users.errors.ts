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
