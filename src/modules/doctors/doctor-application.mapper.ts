import { toAddressResponse } from '../../common/dto/address.dto';
import type { ApplicantDto, DoctorApplicationDto } from './dto/doctor-application.dto';
import type { DoctorApplicationRecord } from './doctor-applications.repository';

export function toDoctorApplication(
  a: DoctorApplicationRecord,
  applicant?: ApplicantDto | null,
): DoctorApplicationDto {
  return {
    id: a._id.toHexString(),
    userId: a.userId.toHexString(),
    status: a.status,
    speciality: a.speciality,
    degree: a.degree,
    experienceYears: a.experienceYears,
    about: a.about ?? '',
    fee: { amount: a.fee.amount, currency: a.fee.currency },
    address: toAddressResponse(a.address),
    timezone: a.timezone,
    rejectionReason: a.rejectionReason ?? null,
    decidedAt: a.decidedAt ? new Date(a.decidedAt).toISOString() : null,
    createdAt: new Date(a.createdAt).toISOString(),
    ...(applicant !== undefined ? { applicant } : {}),
  };
}
