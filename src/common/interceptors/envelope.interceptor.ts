import {
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  StreamableFile,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { map, Observable } from 'rxjs';
import { RawResponse } from '../decorators/raw-response.decorator';
import { ResponseMessage } from '../decorators/response-message.decorator';
import type { SuccessEnvelope } from '../dto/envelope.dto';

/**
 * Wraps every handler result in the success envelope `{ success, message, data }`, except files
 * (e.g. a PDF) and `@RawResponse()` routes, which are sent as they are.
 */
@Injectable()
export class EnvelopeInterceptor<T> implements NestInterceptor<
  T,
  SuccessEnvelope<T | null> | StreamableFile
> {
  constructor(private readonly reflector: Reflector) {}

  intercept(
    context: ExecutionContext,
    next: CallHandler<T>,
  ): Observable<SuccessEnvelope<T | null> | StreamableFile> {
    if (this.reflector.getAllAndOverride(RawResponse, [context.getHandler(), context.getClass()])) {
      return next.handle() as Observable<SuccessEnvelope<T | null>>;
    }
    const message = this.reflector.get(ResponseMessage, context.getHandler()) ?? 'OK';
    return next
      .handle()
      .pipe(
        map((data) =>
          data instanceof StreamableFile
            ? data
            : { success: true as const, message, data: data === undefined ? null : data },
        ),
      );
  }
}
