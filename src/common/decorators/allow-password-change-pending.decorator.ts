import { Reflector } from '@nestjs/core';

/**
 * Opens an authenticated route to accounts that must still replace the initial password an admin
 * gave them. Every other authenticated route answers them 403 PASSWORD_CHANGE_REQUIRED, so such
 * an account can only read itself, change the password and sign out.
 */
export const AllowPasswordChangePending = Reflector.createDecorator<boolean>({
  transform: () => true,
});
