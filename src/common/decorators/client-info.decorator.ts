import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

export interface ClientInfo {
  ip: string;
  userAgent: string;
}

/** The caller's IP (as Express resolves it under the configured trust proxy) and user agent. */
export const Client = createParamDecorator((_data: unknown, ctx: ExecutionContext): ClientInfo => {
  const req = ctx.switchToHttp().getRequest<Request>();
  return {
    ip: req.ip ?? req.socket.remoteAddress ?? 'unknown',
    userAgent: String(req.headers['user-agent'] ?? '').slice(0, 256),
  };
});
