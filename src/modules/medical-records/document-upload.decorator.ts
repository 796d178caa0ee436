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
 * Multer's own ceiling, above the largest RECORDS_DOCUMENT_MAX_BYTES the config accepts (10 MB):
 * it only stops abuse early; the service enforces the configured limit with a precise 413.
 */
const DOCUMENT_HARD_CAP_BYTES = 11 * 1024 * 1024;

/** An empty file part (a form sent with no file chosen) means "no file", not a bad one. */
function EmptyFilePartAsNone(field: string): Type<NestInterceptor> {
  @Injectable()
  class EmptyDocumentPartInterceptor implements NestInterceptor {
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
  return mixin(EmptyDocumentPartInterceptor);
}

/** One multipart file in `file` (kept in memory, sealed before it is stored) and a title. */
export function DocumentUpload(field = 'file') {
  return applyDecorators(
    UseInterceptors(
      FileInterceptor(field, {
        storage: memoryStorage(),
        limits: { fileSize: DOCUMENT_HARD_CAP_BYTES, files: 1, fields: 5, fieldSize: 4 * 1024 },
      }),
      EmptyFilePartAsNone(field),
    ),
    ApiConsumes('multipart/form-data'),
  );
}
