import { toProfileFieldsResponse } from './doctor-profile-fields.mapper';
import type { AdminDoctorDto, DoctorProfileDto, PublicDoctorDto } from './dto/doctor-response.dto';
import type { DoctorRecord } from './doctors.repository';

export function toPublicDoctor(d: DoctorRecord, specialityName: string): PublicDoctorDto {
  return {
    id: d._id.toHexString(),
    name: d.name,
    ...toProfileFieldsResponse(d),
    specialityName,
    imageUrl: d.image?.url ?? null,
    acceptingAppointments: d.acceptingAppointments,
    followersCount: Math.max(0, d.followersCount ?? 0),
    ratingAverage: d.ratingAverage ?? 0,
    ratingCount: d.ratingCount ?? 0,
  };
}

export function toDoctorProfile(d: DoctorRecord, specialityName: string): DoctorProfileDto {
  return {
    ...toPublicDoctor(d, specialityName),
    visible: d.visible,
    approvalStatus: d.approvalStatus,
    accountStatus: d.accountStatus,
    listed: d.listed,
    mustChangePassword: d.mustChangePassword === true,
    createdAt: new Date(d.createdAt).toISOString(),
    updatedAt: new Date(d.updatedAt).toISOString(),
  };
}

export function toAdminDoctor(
  d: DoctorRecord,
  specialityName: string,
  email: string | null,
): AdminDoctorDto {
  return { ...toDoctorProfile(d, specialityName), email };
}
