import { Reflector } from '@nestjs/core';

/**
 * The handler's result is the response body as it is, without the `{ success, message, data }`
 * envelope: for adapters that speak another API's shapes (the Prescripto compatibility routes).
 */
export const RawResponse = Reflector.createDecorator<boolean>({ transform: () => true });
