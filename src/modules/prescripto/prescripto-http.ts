import {
  applyDecorators,
  ArgumentsHost,
  CallHandler,
  CanActivate,
  Catch,
  ExceptionFilter,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  UseFilters,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { ApiTag } from '../../common/swagger/api-tags';
import type { Request, Response } from 'express';
import { catchError, type Observable, throwError } from 'rxjs';
import type { AuthUser } from '../../common/auth/auth-user';
import { Role } from '../../common/auth/role.enum';
import { Public } from '../../common/decorators/public.decorator';
import { RawResponse } from '../../common/decorators/raw-response.decorator';
import { AllExceptionsFilter } from '../../common/filters/all-exceptions.filter';
import { AuthService } from '../auth/auth.service';
import { PrescriptoErrorCode, prescriptoError } from './prescripto.errors';
import { clientMessage, PrescriptoMessages } from './prescripto-messages';

/** The header each Prescripto client sends its token in (never `Authorization`). */
export const TOKEN_HEADER: Readonly<Record<Role, string>> = {
  [Role.Patient]: 'token',
  [Role.Doctor]: 'dtoken',
  [Role.Admin]: 'atoken',
};

const MAX_TOKEN_LENGTH = 4096;

/** The role a Prescripto route is for; its token is read from that role's header. */
export const PrescriptoRole = Reflector.createDecorator<Role>();

const notAuthorized = () =>
  prescriptoError(PrescriptoErrorCode.NotAuthorized, 'Not Authorized Login Again');

/**
 * Authenticates a Prescripto route: the role's header must carry a session-bound token of ours
 * for a live session of an active account of that role, checked on every request exactly like
 * an access token (AuthService). The global bearer guard skips these routes (`@Public()`). An
 * account that still has an admin-chosen password is let through here: Prescripto's panel has
 * no way to change it (docs/PRESCRIPTO.md).
 */
@Injectable()
export class PrescriptoAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const role = this.reflector.getAllAndOverride(PrescriptoRole, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    if (!role) {
      return true;
    }
    const req = ctx.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const header = req.headers[TOKEN_HEADER[role]];
    if (typeof header !== 'string' || header.length === 0 || header.length > MAX_TOKEN_LENGTH) {
      throw notAuthorized();
    }
    const user = await this.auth.authenticateSessionBound(header);
    if (!user || user.role !== role) {
      throw notAuthorized();
    }
    req.user = user;
    return true;
  }
}

/** Carries the client message chosen for a handler's error to the filter. */
class PrescriptoFailure extends Error {
  constructor(
    message: string,
    readonly original: unknown,
  ) {
    super(message);
  }
}

/** Picks the client's message for an error of the handler (its pipes included). */
@Injectable()
export class PrescriptoMessagesInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const table = this.reflector.get(PrescriptoMessages, ctx.getHandler());
    return next.handle().pipe(
      catchError((err: unknown) => {
        const message = clientMessage(err, table);
        return throwError(() => (message === null ? err : new PrescriptoFailure(message, err)));
      }),
    );
  }
}

/**
 * Prescripto's clients read `{ success: false, message }` only from a 200 (axios rejects other
 * statuses and they show nothing useful), so every refusal of a request is a 200 with the
 * client's message, our code and the request id. Operational answers keep their status:
 * 429 and 503 (with Retry-After) and a 500, through the app's own filter.
 */
@Catch()
export class PrescriptoExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request & { id?: unknown }>();
    const res = http.getResponse<Response>();
    const failure = exception instanceof PrescriptoFailure ? exception : null;
    const original = failure ? failure.original : exception;
    const mapped = AllExceptionsFilter.map(original);
    if (mapped.status >= 500 || mapped.status === 429) {
      AllExceptionsFilter.respond(original, req, res);
      return;
    }
    if (res.headersSent) {
      return;
    }
    res.status(200).json({
      success: false,
      message: failure?.message ?? clientMessage(original, undefined) ?? mapped.message,
      code: mapped.code,
      ...(typeof req.id === 'string' && req.id ? { requestId: req.id } : {}),
    });
  }
}

/** A Prescripto controller: raw bodies, 200 refusals, its own token headers. */
export function PrescriptoController() {
  return applyDecorators(
    ApiTags(ApiTag.Prescripto),
    Public(),
    RawResponse(),
    UseGuards(PrescriptoAuthGuard),
    UseInterceptors(PrescriptoMessagesInterceptor),
    UseFilters(PrescriptoExceptionFilter),
  );
}

/** A route for one Prescripto role, with its header in the OpenAPI document. */
export function PrescriptoAuth(role: Role) {
  return applyDecorators(
    PrescriptoRole(role),
    ApiHeader({
      name: TOKEN_HEADER[role],
      required: true,
      description: `Session-bound token from the Prescripto ${role} login (not a Bearer token)`,
    }),
  );
}
