import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { CommonErrorCode, commonError } from '../errors/error-codes';

const MAX_DEPTH = 20;
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

export function findForbiddenKey(value: unknown, path = '', depth = 0): string | null {
  // A raw body (webhooks) is bytes, not keys.
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) {
    return null;
  }
  if (depth > MAX_DEPTH) {
    return path || '(root)';
  }
  for (const key of Object.keys(value)) {
    const here = path ? `${path}.${key}` : key;
    if (FORBIDDEN.has(key) || key.startsWith('$') || key.includes('[$')) {
      return here;
    }
    const found = findForbiddenKey((value as Record<string, unknown>)[key], here, depth + 1);
    if (found) {
      return found;
    }
  }
  return null;
}

/**
 * Rejects bodies and query strings carrying Mongo operators (`$gt`), prototype keys
 * (`__proto__`) or absurd nesting before any validation or query sees them. Defence in depth:
 * DTO validation and Mongoose's sanitizeFilter stop the same input later.
 */
@Injectable()
export class ForbiddenKeysMiddleware implements NestMiddleware {
  use(req: Request, _res: Response, next: NextFunction): void {
    const found = findForbiddenKey(req.body) ?? findForbiddenKey(req.query);
    if (found) {
      throw commonError(CommonErrorCode.ForbiddenKey, `Field name not allowed: ${found}`);
    }
    next();
  }
}
