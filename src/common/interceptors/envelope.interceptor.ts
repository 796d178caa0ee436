import {
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  StreamableFile,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { map, Observable } from 'rxjs';
import { SerializedJson } from '../http/serialized-json';
import { RawResponse } from '../decorators/raw-response.decorator';
import { ResponseMessage } from '../decorators/response-message.decorator';
import type { SuccessEnvelope } from '../dto/envelope.dto';

/**
 * Wraps every handler result in the success envelope `{ success, message, data }`, except files
 * (e.g. a PDF) and `@RawResponse()` routes, which are sent as they are. A `SerializedJson`
 * result is sent as the envelope's text, serialised once for all the times it is sent.
 */
@Injectable()
export class EnvelopeInterceptor<T> implements NestInterceptor<
  T,
  SuccessEnvelope<T | null> | StreamableFile | string
> {
  constructor(private readonly reflector: Reflector) {}

  intercept(
    context: ExecutionContext,
    next: CallHandler<T>,
  ): Observable<SuccessEnvelope<T | null> | StreamableFile | string> {
    if (this.reflector.getAllAndOverride(RawResponse, [context.getHandler(), context.getClass()])) {
      return next.handle() as Observable<SuccessEnvelope<T | null>>;
    }
    const message = this.reflector.get(ResponseMessage, context.getHandler()) ?? 'OK';
    return next.handle().pipe(
      map((data) => {
        if (data instanceof SerializedJson) {
          return this.sendSerialized(context, data, message);
        }
        return data instanceof StreamableFile
          ? data
          : { success: true as const, message, data: data === undefined ? null : data };
      }),
    );
  }

  /**
   * The envelope's text, which Nest hands to `res.send` as it is: with the JSON content type set
   * here, and the ETag Express would have computed from the same bytes (so conditional requests
   * still get their 304), both made once per value.
   */
  private sendSerialized(
    context: ExecutionContext,
    data: SerializedJson<unknown>,
    message: string,
  ): string {
    const res = context.switchToHttp().getResponse<Response>();
    const etagOf = res.app?.get('etag fn') as
      ((body: string, encoding: 'utf8') => string | undefined) | undefined;
    const { text, etag } = data.enveloped(message, etagOf);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    if (etag) {
      res.setHeader('ETag', etag);
    }
    return text;
  }
}
