import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { AccessRequestContext } from '../clinical-access/clinical-access.types';

/** The request's X-Request-Id and client IP, as the clinical access audit records them. */
export const AuditRequest = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): AccessRequestContext => {
    const req = ctx.switchToHttp().getRequest<Request>();
    return {
      requestId: typeof req.id === 'string' && req.id ? req.id : null,
      ip: req.ip ?? req.socket.remoteAddress ?? null,
    };
  },
);
