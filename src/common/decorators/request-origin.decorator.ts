import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/** Where a request came from, as the clinical access audit records it. */
export interface RequestOrigin {
  /** The request's id (X-Request-Id: the client's when valid, else generated). */
  requestId: string | null;
  /** The client IP as Express resolves it under TRUST_PROXY_HOPS. */
  ip: string | null;
}

const MAX_LENGTH = 128;
const cap = (v: unknown): string | null =>
  typeof v === 'string' && v !== ''
    ? v.slice(0, MAX_LENGTH)
    : typeof v === 'number'
      ? String(v)
      : null;

export function requestOriginOf(req: Request): RequestOrigin {
  return {
    requestId: cap((req as Request & { id?: unknown }).id),
    ip: cap(req.ip ?? req.socket?.remoteAddress),
  };
}

/** Injects the request's id and client IP (e.g. for ClinicalAuditService.record). */
export const Origin = createParamDecorator((_data: unknown, ctx: ExecutionContext): RequestOrigin =>
  requestOriginOf(ctx.switchToHttp().getRequest<Request>()),
);
