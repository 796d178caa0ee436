import {
  type CodeOf,
  ErrorKind,
  errorFactory,
  type ErrorKinds,
} from '../../common/errors/app-error';

export const AuthErrorCode = {
  InvalidCredentials: 'INVALID_CREDENTIALS',
  AccountSuspended: 'ACCOUNT_SUSPENDED',
  TokenExpired: 'TOKEN_EXPIRED',
  SessionRevoked: 'SESSION_REVOKED',
  InvalidRefreshToken: 'INVALID_REFRESH_TOKEN',
  RefreshTokenReused: 'REFRESH_TOKEN_REUSED',
  SessionNotFound: 'SESSION_NOT_FOUND',
  WrongPassword: 'WRONG_PASSWORD',
  InvalidResetToken: 'INVALID_RESET_TOKEN',
  TooManyLoginAttempts: 'TOO_MANY_LOGIN_ATTEMPTS',
  ForbiddenRole: 'FORBIDDEN_ROLE',
  /** The account still has the password an admin gave it; only a few routes are open. */
  PasswordChangeRequired: 'PASSWORD_CHANGE_REQUIRED',
} as const;
export type AuthErrorCode = CodeOf<typeof AuthErrorCode>;

export const AUTH_ERROR_KINDS: ErrorKinds<AuthErrorCode> = {
  [AuthErrorCode.InvalidCredentials]: ErrorKind.Unauthenticated,
  [AuthErrorCode.AccountSuspended]: ErrorKind.Forbidden,
  [AuthErrorCode.TokenExpired]: ErrorKind.Unauthenticated,
  [AuthErrorCode.SessionRevoked]: ErrorKind.Unauthenticated,
  [AuthErrorCode.InvalidRefreshToken]: ErrorKind.Unauthenticated,
  [AuthErrorCode.RefreshTokenReused]: ErrorKind.Unauthenticated,
  [AuthErrorCode.SessionNotFound]: ErrorKind.NotFound,
  [AuthErrorCode.WrongPassword]: ErrorKind.BusinessRule,
  [AuthErrorCode.InvalidResetToken]: ErrorKind.Validation,
  [AuthErrorCode.TooManyLoginAttempts]: ErrorKind.TooManyRequests,
  [AuthErrorCode.ForbiddenRole]: ErrorKind.Forbidden,
  [AuthErrorCode.PasswordChangeRequired]: ErrorKind.Forbidden,
};

export const authError = errorFactory(AUTH_ERROR_KINDS);
