import type { ActorRole } from '../../common/auth/actor-role';
import { Types } from 'mongoose';
import type { AppointmentStatus } from './domain/appointment-status';
import type { StatusChange } from './schemas/appointment.schema';

/** One entry of an appointment's status history; `userId` null means the system (a job). */
export function historyEntry(
  status: AppointmentStatus,
  at: Date,
  userId: string | null,
  byRole: ActorRole,
  reason: string | null,
): StatusChange {
  return { status, at, by: userId ? new Types.ObjectId(userId) : null, byRole, reason };
}
