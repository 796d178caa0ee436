import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { CommonErrorCode, commonError } from '../errors/error-codes';

/**
 * ThrottlerGuard names its header `Retry-After-<throttler>` for every throttler but `default`;
 * throwing an AppError instead lets the exception filter send the standard `Retry-After`.
 */
@Injectable()
export class AppThrottlerGuard extends ThrottlerGuard {
  protected override throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw commonError(
      CommonErrorCode.RateLimited,
      'Too many requests, slow down',
      undefined,
      detail.timeToBlockExpire,
    );
  }
}
