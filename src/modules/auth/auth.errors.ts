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
} as const;
