import { toUserResponse } from '../users/user.mapper';
import type { UserAccount } from '../users/domain/user';
import type { AuthTokensDto } from './dto/auth-tokens.dto';
import type { SessionResponseDto } from './dto/session-response.dto';
import type { SessionRecord } from './sessions.repository';

export function toAuthTokens(
  user: UserAccount,
  accessToken: string,
  refreshToken: string,
  expiresIn: number,
): AuthTokensDto {
  return { accessToken, refreshToken, expiresIn, user: toUserResponse(user) };
}

export function toSessionResponse(
  session: SessionRecord,
  currentSessionId: string,
): SessionResponseDto {
  const id = session._id.toHexString();
  return {
    id,
    userAgent: session.userAgent,
    ip: session.ip,
    createdAt: new Date(session.createdAt).toISOString(),
    lastUsedAt: new Date(session.lastUsedAt).toISOString(),
    current: id === currentSessionId,
  };
}
