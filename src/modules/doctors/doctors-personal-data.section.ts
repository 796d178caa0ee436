import { Injectable } from '@nestjs/common';
import {
  PersonalDataExporter,
  type PersonalDataSection,
  type PersonalDataSubject,
} from '../../common/privacy/personal-data-section';
import { DoctorApplicationsRepository } from './doctor-applications.repository';
import { toProfileFieldsResponse } from './doctor-profile-fields.mapper';
import { DoctorsRepository } from './doctors.repository';

/**
 * The doctor profile (a doctor's `_id` is their user id) and every application to practise the
 * user made, whatever their role now (a patient may have applied). The derived search fields
 * and the image's storage key stay out.
 */
@PersonalDataExporter()
@Injectable()
export class DoctorsPersonalDataSection implements PersonalDataSection {
  readonly name = 'doctor';
  readonly collections = ['doctors', 'doctor_applications'] as const;

  constructor(
    private readonly doctors: DoctorsRepository,
    private readonly applications: DoctorApplicationsRepository,
  ) {}

  async exportFor({ userId }: PersonalDataSubject) {
    const [profile, applications] = await Promise.all([
      this.doctors.findById(userId),
      this.applications.findByUser(userId),
    ]);
    return {
      profile: profile && {
        id: String(profile._id),
        name: profile.name,
        ...toProfileFieldsResponse(profile),
        imageUrl: profile.image?.url ?? null,
        visible: profile.visible,
        acceptingAppointments: profile.acceptingAppointments,
        approvalStatus: profile.approvalStatus,
        listed: profile.listed,
        followersCount: profile.followersCount,
        rating: { count: profile.rating.count, average: profile.rating.average },
        createdAt: profile.createdAt,
        updatedAt: profile.updatedAt,
      },
      applications: applications.map((a) => ({
        id: String(a._id),
        ...toProfileFieldsResponse(a),
        status: a.status,
        rejectionReason: a.rejectionReason,
        decidedAt: a.decidedAt,
        createdAt: a.createdAt,
        updatedAt: a.updatedAt,
      })),
    };
  }
}
