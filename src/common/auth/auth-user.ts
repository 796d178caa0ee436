import type { Role } from './role.enum';

/** The authenticated caller, as resolved from a verified access token and a live session. */
export interface AuthUser {
  id: string;
  role: Role;
  sessionId: string;
  email: string;
  /** Still on the initial password an admin chose (see @AllowPasswordChangePending). */
  passwordChangeRequired: boolean;
}

/**
 * The caller's own details as the authentication read found them (it reads the account on every
 * request anyway), for writes that copy them, such as a booking's patient snapshot, without
 * reading the account a second time. Kept beside the AuthUser rather than on it, so nothing
 * that logs or serialises the caller carries them.
 */
export interface CallerProfile {
  name: string;
  email: string;
  phone: string | null;
  imageUrl: string | null;
  dateOfBirth: Date | null;
}

const profiles = new WeakMap<AuthUser, CallerProfile>();

export function attachCallerProfile(user: AuthUser, profile: CallerProfile): AuthUser {
  profiles.set(user, profile);
  return user;
}

/** The profile read when `user` was authenticated; undefined for callers built elsewhere. */
export function callerProfileOf(user: AuthUser): CallerProfile | undefined {
  return profiles.get(user);
}
