import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiExtension } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { Observable, tap } from 'rxjs';

const PUBLIC_CACHE_SECONDS = 'publicCacheSeconds';

/**
 * Every response starts as `no-store`: personal data, tokens and anything behind auth must not
 * sit in a browser or proxy cache. Only routes marked `@PublicCache` relax it, and only on
 * success, so error answers stay `no-store` too.
 */
export function noStoreByDefault(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Cache-Control', 'no-store');
  next();
}

/**
 * Lets shared caches keep a successful answer for `seconds`. Only for public data that is the
 * same for every caller; the OpenAPI operation says so in `x-cache-control`.
 */
export function PublicCache(seconds: number) {
  const value = `public, max-age=${seconds}`;
  return applyDecorators(
    SetMetadata(PUBLIC_CACHE_SECONDS, value),
    ApiExtension('x-cache-control', value),
  );
}

@Injectable()
export class CacheControlInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const value = this.reflector.get<string | undefined>(
      PUBLIC_CACHE_SECONDS,
      context.getHandler(),
    );
    if (!value) {
      return next.handle();
    }
    const res = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(tap(() => res.setHeader('Cache-Control', value)));
  }
}
