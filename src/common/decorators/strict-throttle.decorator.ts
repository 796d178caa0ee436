import { Reflector } from '@nestjs/core';

/** Puts a controller or route under the stricter `auth` rate limit (THROTTLE_AUTH_*). */
export const StrictThrottle = Reflector.createDecorator<boolean>({ transform: () => true });
