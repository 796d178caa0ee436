import type { User } from '../schemas/user.schema';

/**
 * A user account as it leaves the users module: everything but the credentials. Other modules
 * check a password through UsersService.verifyPassword, never against a hash of their own.
 */
export type UserAccount = Omit<User, 'passwordHash'>;

export function toUserAccount(record: User): UserAccount {
  const { passwordHash: _omitted, ...account } = record;
  return account;
}
