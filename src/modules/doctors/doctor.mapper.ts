import { toProfileFieldsResponse } from './doctor-profile-fields.mapper';
import type {
  AdminDoctorDto,
  DoctorProfileDto,
  PublicDoctorDto,
  RatingSummaryDto,
} from './dto/doctor-response.dto';
import { averageOf, roundAverage } from './domain/rating';
import type { RatingAggregate } from './schemas/doctor.schema';
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
    rating: toRatingSummary(d.rating),
  };
}

/** The public rating: plain average to two decimals, count and per-star distribution. */
export function toRatingSummary(r: Partial<RatingAggregate> | undefined): RatingSummaryDto {
  const count = Math.max(0, r?.count ?? 0);
  return {
    average: count > 0 ? roundAverage(averageOf({ count, sum: r?.sum ?? 0 })) : 0,
    count,
    distribution: {
      '1': r?.star1 ?? 0,
      '2': r?.star2 ?? 0,
      '3': r?.star3 ?? 0,
      '4': r?.star4 ?? 0,
      '5': r?.star5 ?? 0,
    },
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
