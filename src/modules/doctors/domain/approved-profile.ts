import type { Types } from 'mongoose';
import { AccountStatus } from '../../users/domain/account-status';
import { type StoredImage } from '../../media/domain/stored-image';
import type { NewDoctor } from '../doctors.repository';
import { ApprovalStatus } from '../schemas/doctor.schema';
import type { ProfileFields } from '../schemas/doctor-profile-fields.schema';
import { nameFields } from './doctor-name';

/**
 * The profile a doctor starts with, whichever way they came in (created by an admin, or an
 * approved application): approved, visible, accepting, for an active account. A doctor whose
 * initial password was chosen by an admin is unlisted until they change it.
 */
export function approvedProfile(
  userId: Types.ObjectId,
  name: string,
  fields: ProfileFields,
  image: StoredImage | null,
  options: { mustChangePassword?: boolean } = {},
): NewDoctor {
  return {
    _id: userId,
    ...nameFields(name),
    ...fields,
    image,
    visible: true,
    acceptingAppointments: true,
    approvalStatus: ApprovalStatus.Approved,
    accountStatus: AccountStatus.Active,
    mustChangePassword: options.mustChangePassword ?? false,
  };
}
