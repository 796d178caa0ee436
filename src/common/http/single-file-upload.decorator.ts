import {
  applyDecorators,
  Injectable,
  mixin,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
  type Type,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiConsumes } from '@nestjs/swagger';
import type { Request } from 'express';
import { memoryStorage } from 'multer';
import type { Observable } from 'rxjs';

/**
 * An empty file part means "no file": Swagger UI's "Send empty value" sends `field=` as a text
 * part, and a browser form with no file chosen sends a nameless, empty file part. Left alone,
 * the first fails validation as an unknown property and the second as an unsupported file.
 */
function EmptyFilePartAsNone(field: string): Type<NestInterceptor> {
  @Injectable()
  class EmptyFilePartInterceptor implements NestInterceptor {
    intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
      const req = context.switchToHttp().getRequest<Request>();
      const body: unknown = req.body;
      if (body && typeof body === 'object' && (body as Record<string, unknown>)[field] === '') {
        delete (body as Record<string, unknown>)[field];
      }
      if (req.file && req.file.size === 0 && !req.file.originalname) {
        req.file = undefined;
      }
      return next.handle();
    }
  }
  return mixin(EmptyFilePartInterceptor);
}

export interface SingleFileLimits {
  /** Multer's ceiling: it only stops abuse early; the service enforces the configured limit. */
  fileSize: number;
  /** Text parts allowed next to the file, and the size of each. */
  fields: number;
  fieldSize: number;
}

/**
 * Accepts one multipart file in `field`, kept in memory for the service, plus a few text
 * fields, which the route's body DTO validates as usual.
 */
export function SingleFileUpload(field: string, limits: SingleFileLimits) {
  return applyDecorators(
    UseInterceptors(
      FileInterceptor(field, { storage: memoryStorage(), limits: { ...limits, files: 1 } }),
      EmptyFilePartAsNone(field),
    ),
    ApiConsumes('multipart/form-data'),
  );
}
