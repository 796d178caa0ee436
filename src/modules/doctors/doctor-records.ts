import { Injectable } from '@nestjs/common';
import { MediaService, type UploadedImage } from '../media/media.service';
import type { StoredImage } from '../media/domain/stored-image';
import { DoctorsErrorCode, doctorsError } from './doctors.errors';
import { DoctorsRepository, type DoctorChanges, type DoctorRecord } from './doctors.repository';
import type { AdminListDoctorsQueryDto, ListDoctorsQueryDto } from './dto/list-doctors-query.dto';
import type { UpdateMyDoctorProfileDto } from './dto/update-doctor.dto';

export const doctorNotFound = () =>
  doctorsError(DoctorsErrorCode.DoctorNotFound, 'Doctor not found');

/** The filters the public directory and the admin list share. */
export function listFilterOf(q: ListDoctorsQueryDto | AdminListDoctorsQueryDto) {
  return {
    speciality: q.speciality,
    search: q.search,
    maxFee: q.maxFee,
    minRating: q.minRating,
    accepting: q.accepting,
  };
}

/** The changes a doctor may make to their own profile (an admin may make these and more). */
export function ownProfileChanges(dto: UpdateMyDoctorProfileDto): DoctorChanges {
  return {
    experienceYears: dto.experienceYears,
    about: dto.about,
    'fee.amount': dto.fee,
    'fee.currency': dto.currency,
    'address.line1': dto.address?.line1,
    'address.line2': dto.address?.line2,
    timezone: dto.timezone,
    acceptingAppointments: dto.acceptingAppointments,
  };
}

/**
 * Reads and writes of one profile that the doctor's own profile, administration and the other
 * modules' calls share (internal to the doctors module): 404 DOCTOR_NOT_FOUND when it is absent.
 */
@Injectable()
export class DoctorRecords {
  constructor(
    private readonly doctors: DoctorsRepository,
    private readonly media: MediaService,
  ) {}

  async applyChanges(id: string, changes: DoctorChanges): Promise<DoctorRecord> {
    const defined = Object.values(changes).some((v) => v !== undefined);
    const updated = defined
      ? await this.doctors.updateProfile(id, changes)
      : await this.doctors.findById(id);
    if (!updated) {
      throw doctorNotFound();
    }
    return updated;
  }

  async replaceImage(id: string, file: UploadedImage | undefined): Promise<DoctorRecord> {
    const image: StoredImage = await this.media.store(file, 'doctors');
    const previous = await this.doctors.replaceImage(id, image);
    if (previous === undefined) {
      await this.media.delete(image);
      throw doctorNotFound();
    }
    await this.media.delete(previous);
    return this.get(id);
  }

  async get(id: string): Promise<DoctorRecord> {
    const doctor = await this.doctors.findById(id);
    if (!doctor) {
      throw doctorNotFound();
    }
    return doctor;
  }
}
