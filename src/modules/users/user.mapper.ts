import { toAddressResponse } from '../../common/dto/address.dto';
import type { UserResponseDto } from './dto/user-response.dto';
import type { UserAccount } from './domain/user';

const isoDate = (d: Date | null | undefined): string | null =>
  d ? new Date(d).toISOString().slice(0, 10) : null;

export function toUserResponse(user: UserAccount, opts: { admin?: boolean } = {}): UserResponseDto {
  return {
    id: user._id.toHexString(),
    email: user.email,
    name: user.name,
    role: user.role,
    status: user.status,
    phone: user.phone ?? null,
    address: toAddressResponse(user.address),
    gender: user.gender ?? null,
    dateOfBirth: isoDate(user.dateOfBirth),
    timezone: user.timezone ?? null,
    avatarUrl: user.avatar?.url ?? null,
    mustChangePassword: user.mustChangePassword ?? false,
    createdAt: new Date(user.createdAt).toISOString(),
    ...(opts.admin
      ? {
          deletedAt: user.deletedAt ? new Date(user.deletedAt).toISOString() : null,
          suspensionReason: user.suspensionReason ?? null,
        }
      : {}),
  };
}
