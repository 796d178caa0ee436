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
