import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { AccessRequestContext } from '../clinical-access/clinical-access.types';

/** The request an access comes with, for the audit: its X-Request-Id and the client IP. */
export const ClinicalRequest = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): AccessRequestContext => {
    const req = ctx.switchToHttp().getRequest<Request>();
    const id: unknown = req.id;
    return {
      requestId: typeof id === 'string' && id ? id : typeof id === 'number' ? String(id) : null,
      ip: req.ip ?? req.socket.remoteAddress ?? null,
    };
  },
);
