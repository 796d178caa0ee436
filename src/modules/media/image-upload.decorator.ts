import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  Injectable,
  mixin,
  NestInterceptor,
  Type,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiConsumes } from '@nestjs/swagger';
import type { Request } from 'express';
import { memoryStorage } from 'multer';
import type { Observable } from 'rxjs';

/**
 * Multer's own ceiling, above the largest IMAGE_MAX_BYTES the config accepts (20 MB): it only
 * stops abuse early; MediaService enforces the configured limit with a precise 413.
 */
export const UPLOAD_HARD_CAP_BYTES = 21 * 1024 * 1024;

/**
 * An empty file part means "no file": Swagger UI's "Send empty value" sends `field=` as a text
 * part, and a browser form with no file chosen sends a nameless, empty file part. Left alone,
 * the first fails validation as an unknown property and the second as an unsupported image.
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

/**
 * Accepts one multipart file in `field` (kept in memory for MediaService.store) plus a few
 * text fields, which the route's body DTO validates as usual.
 */
export function ImageUpload(field = 'image') {
  return applyDecorators(
    UseInterceptors(
      FileInterceptor(field, {
        storage: memoryStorage(),
        limits: { fileSize: UPLOAD_HARD_CAP_BYTES, files: 1, fields: 30, fieldSize: 64 * 1024 },
      }),
      EmptyFilePartAsNone(field),
    ),
    ApiConsumes('multipart/form-data'),
  );
}
