import { Injectable } from '@nestjs/common';
import type { UploadedImage } from '../media/media.service';
import { DoctorRecords, ownProfileChanges } from './doctor-records';
import { toDoctorProfile } from './doctor.mapper';
import type { DoctorProfileDto } from './dto/doctor-response.dto';
import type { UpdateMyDoctorProfileDto } from './dto/update-doctor.dto';
import { SpecialitiesService } from './specialities.service';

/** What a signed-in doctor does to their own profile. */
@Injectable()
export class DoctorProfileService {
  constructor(
    private readonly records: DoctorRecords,
    private readonly specialities: SpecialitiesService,
  ) {}

  async getOwnProfile(doctorId: string): Promise<DoctorProfileDto> {
    const doctor = await this.records.get(doctorId);
    return toDoctorProfile(doctor, await this.specialities.nameOf(doctor.speciality));
  }

  async updateOwnProfile(
    doctorId: string,
    dto: UpdateMyDoctorProfileDto,
  ): Promise<DoctorProfileDto> {
    const doctor = await this.records.applyChanges(doctorId, ownProfileChanges(dto));
    return toDoctorProfile(doctor, await this.specialities.nameOf(doctor.speciality));
  }

  async replaceOwnImage(
    doctorId: string,
    file: UploadedImage | undefined,
  ): Promise<DoctorProfileDto> {
    const doctor = await this.records.replaceImage(doctorId, file);
    return toDoctorProfile(doctor, await this.specialities.nameOf(doctor.speciality));
  }
}
