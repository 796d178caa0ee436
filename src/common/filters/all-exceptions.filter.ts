import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { MulterError } from 'multer';
import mongoose from 'mongoose';
import { assertUnreachable, ErrorKind, isAppError } from '../errors/app-error';
import { COMMON_ERROR_KINDS, CommonErrorCode } from '../errors/error-codes';
import type { ErrorEnvelope } from '../dto/envelope.dto';
import { safeError } from '../logging/safe-error';
import {
  databaseUnavailable,
  isDatabaseUnavailableError,
} from '../../database/database-unavailable';

/** The one mapping from kinds to statuses; the compiler rejects a kind left out. */
export function statusOfKind(kind: ErrorKind): HttpStatus {
  switch (kind) {
    case ErrorKind.Validation:
      return HttpStatus.BAD_REQUEST;
    case ErrorKind.Unauthenticated:
      return HttpStatus.UNAUTHORIZED;
    case ErrorKind.Forbidden:
      return HttpStatus.FORBIDDEN;
    case ErrorKind.NotFound:
      return HttpStatus.NOT_FOUND;
    case ErrorKind.Conflict:
      return HttpStatus.CONFLICT;
    case ErrorKind.BusinessRule:
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case ErrorKind.TooManyRequests:
      return HttpStatus.TOO_MANY_REQUESTS;
    case ErrorKind.PayloadTooLarge:
      return HttpStatus.PAYLOAD_TOO_LARGE;
    case ErrorKind.UnsupportedMediaType:
      return HttpStatus.UNSUPPORTED_MEDIA_TYPE;
    case ErrorKind.Unavailable:
      return HttpStatus.SERVICE_UNAVAILABLE;
    default:
      return assertUnreachable(kind, 'error kind');
  }
}

const STATUS_CODE: Record<number, string> = {
  400: CommonErrorCode.ValidationFailed,
  401: CommonErrorCode.Unauthorized,
  403: CommonErrorCode.Forbidden,
  404: CommonErrorCode.NotFound,
  405: CommonErrorCode.MethodNotAllowed,
  413: CommonErrorCode.PayloadTooLarge,
  415: CommonErrorCode.UnsupportedMediaType,
  429: CommonErrorCode.RateLimited,
  503: CommonErrorCode.Unavailable,
};

export interface MappedError {
  status: number;
  code: string;
  message: string;
  details?: unknown;
  retryAfterSeconds?: number;
}

type KindedCommonCode = keyof typeof COMMON_ERROR_KINDS;

/** A platform code answered with the status of its declared kind. */
function common(
  code: KindedCommonCode,
  message: string,
  extra: Pick<MappedError, 'details' | 'retryAfterSeconds'> = {},
): MappedError {
  return { status: statusOfKind(COMMON_ERROR_KINDS[code]), code, message, ...extra };
}

interface BodyParserErrorLike {
  type?: unknown;
  status?: unknown;
  expose?: unknown;
  code?: unknown;
}

/** A query ran into its maxTimeMS (e.g. behind a lock held by an abandoned transaction). */
const MAX_TIME_MS_EXPIRED = 50;

interface MongoServerErrorLike {
  code?: number;
  keyValue?: Record<string, unknown>;
  keyPattern?: Record<string, unknown>;
}

/**
 * The one place where failures become HTTP: domain errors, validation, Mongo duplicate keys,
 * malformed ids, an unreachable database (503), body-parser and multer errors. Anything else is a 500 with a generic message;
 * the log gets its type and a redacted message, never the stack. Also used as the Express error handler for body parsing,
 * which runs before Nest's filters.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private static readonly logger = new Logger('ExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    AllExceptionsFilter.respond(exception, ctx.getRequest(), ctx.getResponse());
  }

  static respond(exception: unknown, req: Request & { id?: unknown }, res: Response): void {
    const mapped = AllExceptionsFilter.map(exception);
    if (mapped.status >= 500) {
      const entry = {
        err: safeError(exception),
        reqId: req.id,
        method: req.method,
        path: req.path,
      };
      if (isAppError(exception)) {
        // A failure the code expected and named (a provider or the database unavailable).
        AllExceptionsFilter.logger.warn(entry, `Request failed: ${mapped.code}`);
      } else {
        AllExceptionsFilter.logger.error(entry, 'Unhandled error');
      }
    }
    if (res.headersSent) {
      return;
    }
    if (mapped.retryAfterSeconds !== undefined) {
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(mapped.retryAfterSeconds))));
    }
    const body: ErrorEnvelope = {
      success: false,
      message: mapped.message,
      code: mapped.code,
      ...(mapped.details !== undefined ? { details: mapped.details } : {}),
      ...(typeof req.id === 'string' && req.id ? { requestId: req.id } : {}),
    };
    res.status(mapped.status).json(body);
  }

  /** The status, code and message an exception answers (also for adapters with their own shapes). */
  static map(exception: unknown): MappedError {
    if (isAppError(exception)) {
      return {
        status: statusOfKind(exception.kind),
        code: exception.code,
        message: exception.message,
        details: exception.details,
        retryAfterSeconds: exception.retryAfterSeconds,
      };
    }
    if (exception instanceof HttpException) {
      return AllExceptionsFilter.mapHttpException(exception);
    }
    if (exception instanceof MulterError) {
      return exception.code === 'LIMIT_FILE_SIZE'
        ? common(CommonErrorCode.PayloadTooLarge, 'File is too large')
        : common(CommonErrorCode.ValidationFailed, exception.message);
    }
    if (exception instanceof mongoose.Error.CastError) {
      return common(CommonErrorCode.InvalidId, `Invalid value for ${exception.path}`);
    }
    if (exception instanceof mongoose.Error.ValidationError) {
      return common(CommonErrorCode.ValidationFailed, 'Validation failed', {
        details: Object.values(exception.errors).map((e) => ({
          field: e.path,
          errors: [e.message],
        })),
      });
    }
    if (exception instanceof mongoose.Error.StrictModeError) {
      return common(CommonErrorCode.ValidationFailed, 'Unknown field');
    }
    if (isDatabaseUnavailableError(exception)) {
      return AllExceptionsFilter.map(databaseUnavailable());
    }
    const mongo = exception as MongoServerErrorLike;
    if (mongo && typeof mongo === 'object' && mongo.code === 11000) {
      const fields = Object.keys(mongo.keyPattern ?? mongo.keyValue ?? {});
      return common(
        CommonErrorCode.Duplicate,
        'A record with the same unique value already exists',
        { details: { fields } },
      );
    }
    if (mongo && typeof mongo === 'object' && mongo.code === MAX_TIME_MS_EXPIRED) {
      return common(
        CommonErrorCode.Unavailable,
        'The database did not answer in time; retry shortly',
        { retryAfterSeconds: 1 },
      );
    }
    const bodyParser = AllExceptionsFilter.mapBodyParserError(exception);
    if (bodyParser) {
      return bodyParser;
    }
    return {
      status: 500,
      code: CommonErrorCode.Internal,
      message: 'Internal server error',
    };
  }

  /**
   * body-parser and raw-body fail with http-errors objects: a `type` names the problem and
   * `expose` marks a client error. A body that does not inflate (gzip header, plain body) has
   * no `type`, only zlib's `Z_*` code and status 400.
   */
  private static mapBodyParserError(exception: unknown): MappedError | null {
    if (!exception || typeof exception !== 'object') {
      return null;
    }
    const e = exception as BodyParserErrorLike;
    const malformed = (message: string): MappedError =>
      common(CommonErrorCode.MalformedBody, message);
    switch (e.type) {
      case 'entity.too.large':
        return common(CommonErrorCode.PayloadTooLarge, 'Body is too large');
      case 'parameters.too.many':
        return common(CommonErrorCode.PayloadTooLarge, 'Too many form parameters');
      case 'entity.parse.failed':
        return malformed('Malformed JSON body');
      case 'charset.unsupported':
        return common(
          CommonErrorCode.UnsupportedMediaType,
          'Unsupported charset; send the body as UTF-8',
        );
      case 'encoding.unsupported':
        return common(
          CommonErrorCode.UnsupportedEncoding,
          'Unsupported Content-Encoding; use gzip, deflate, br or identity',
        );
      case 'querystring.parse.rangeError':
        return malformed('Form body is nested too deeply');
      case 'request.size.invalid':
        return malformed('Body length does not match Content-Length');
      case 'request.aborted':
        return malformed('Request body was aborted');
    }
    if (typeof e.code === 'string' && e.code.startsWith('Z_') && e.status === 400) {
      return malformed('Body does not match its Content-Encoding');
    }
    if (e.expose === true && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      return {
        status: e.status,
        code: STATUS_CODE[e.status] ?? 'HTTP_ERROR',
        message: 'Bad request body',
      };
    }
    return null;
  }

  private static mapHttpException(exception: HttpException): MappedError {
    const status = exception.getStatus();
    const response = exception.getResponse();
    let message = exception.message;
    let details: unknown;
    let code = STATUS_CODE[status] ?? (status >= 500 ? CommonErrorCode.Internal : 'HTTP_ERROR');
    if (typeof response === 'object' && response !== null) {
      const r = response as { message?: unknown; code?: unknown; details?: unknown };
      if (typeof r.code === 'string') {
        code = r.code;
      }
      if (r.details !== undefined) {
        details = r.details;
      }
      if (typeof r.message === 'string') {
        message = r.message;
      } else if (Array.isArray(r.message)) {
        message = 'Validation failed';
        details = r.message;
      }
    }
    if (status === 404 && message.startsWith('Cannot ')) {
      code = CommonErrorCode.RouteNotFound;
      message = 'Route not found';
    }
    if (status >= 500) {
      message = 'Internal server error';
    }
    return { status, code, message, details };
  }
}
