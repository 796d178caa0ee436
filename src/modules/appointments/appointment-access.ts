import { Role, type AuthUser } from '../../common/auth/role.enum';
import type { CancelledBy } from './domain/refund-policy';
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

export function actorRoleOf(user: AuthUser): CancelledBy {
  return user.role;
}
