import type { ActorRole } from '../../common/auth/actor-role';
import { Role } from '../../common/auth/role.enum';
import { type AuthUser } from '../../common/auth/auth-user';
import type { AppointmentScope } from './appointments.repository';

/** The appointments a caller may see: a patient their own, a doctor theirs, an admin all. */
export function scopeOf(user: AuthUser): AppointmentScope {
  switch (user.role) {
    case Role.Patient:
      return { patientId: user.id };
    case Role.Doctor:
      return { doctorId: user.id };
    case Role.Admin:
      return {};
  }
}

export function actorRoleOf(user: AuthUser): ActorRole {
  return user.role;
}
