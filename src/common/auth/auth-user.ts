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

/** The profile of an account as stored (its photo is an image with a URL, or none). */
export function callerProfileFrom(account: {
  name: string;
  email: string;
  phone?: string | null;
  avatar?: { url?: string | null } | null;
  dateOfBirth?: Date | null;
}): CallerProfile {
  return {
    name: account.name,
    email: account.email,
    phone: account.phone ?? null,
    imageUrl: account.avatar?.url ?? null,
    dateOfBirth: account.dateOfBirth ?? null,
  };
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
