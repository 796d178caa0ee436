import { Reflector } from '@nestjs/core';

/** Opens a route to unauthenticated callers (auth is deny-by-default). */
export const Public = Reflector.createDecorator<boolean>({ transform: () => true });
