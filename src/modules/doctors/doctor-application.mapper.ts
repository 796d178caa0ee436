import { toProfileFieldsResponse } from './doctor-profile-fields.mapper';
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
    ...toProfileFieldsResponse(a),
    rejectionReason: a.rejectionReason ?? null,
    decidedAt: a.decidedAt ? new Date(a.decidedAt).toISOString() : null,
    createdAt: new Date(a.createdAt).toISOString(),
    ...(applicant !== undefined ? { applicant } : {}),
  };
}
