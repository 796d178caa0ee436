import { Injectable } from '@nestjs/common';
import { skipOf, type Page } from '../../common/dto/pagination.dto';
import { doctorNotFound, listFilterOf } from './doctor-records';
import { toPublicDoctor } from './doctor.mapper';
import { DoctorsRepository, type DoctorListCriteria } from './doctors.repository';
import { DoctorSort, SORT_SPECS } from './domain/doctor-sort';
import type { PublicDoctorDto } from './dto/doctor-response.dto';
import type { ListDoctorsQueryDto } from './dto/list-doctors-query.dto';
import { SpecialitiesService } from './specialities.service';

/** The public directory: listed doctors only, as patients and anonymous visitors see them. */
@Injectable()
export class DoctorDirectoryService {
  constructor(
    private readonly doctors: DoctorsRepository,
    private readonly specialities: SpecialitiesService,
  ) {}

  async listPublic(q: ListDoctorsQueryDto): Promise<Page<PublicDoctorDto>> {
    const criteria: DoctorListCriteria = {
      ...listFilterOf(q),
      listedOnly: true,
      sort: SORT_SPECS[q.sort ?? DoctorSort.Popularity],
    };
    const { items, total } = await this.doctors.list(criteria, skipOf(q), q.limit);
    const names = await this.specialities.namesOf(items.map((d) => d.speciality));
    return {
      items: items.map((d) => toPublicDoctor(d, names.get(d.speciality) ?? d.speciality)),
      total,
      page: q.page,
      limit: q.limit,
    };
  }

  async getPublic(id: string): Promise<PublicDoctorDto> {
    const doctor = await this.doctors.findListedById(id);
    if (!doctor) {
      throw doctorNotFound();
    }
    return toPublicDoctor(doctor, await this.specialities.nameOf(doctor.speciality));
  }

  /** Public cards of the listed doctors among `ids` (others are absent from the map). */
  async publicCardsByIds(ids: string[]): Promise<Map<string, PublicDoctorDto>> {
    if (ids.length === 0) {
      return new Map();
    }
    const found = await this.doctors.findListedByIds(ids);
    const names = await this.specialities.namesOf(found.map((d) => d.speciality));
    return new Map(
      found.map((d) => [
        d._id.toHexString(),
        toPublicDoctor(d, names.get(d.speciality) ?? d.speciality),
      ]),
    );
  }

  /** Up to `max` listed doctors by name: for clients that read the whole list at once. */
  async listAllPublic(max: number): Promise<PublicDoctorDto[]> {
    const criteria = { listedOnly: true, sort: SORT_SPECS[DoctorSort.Name] };
    const { items } = await this.doctors.list(criteria, 0, max);
    const names = await this.specialities.namesOf(items.map((d) => d.speciality));
    return items.map((d) => toPublicDoctor(d, names.get(d.speciality) ?? d.speciality));
  }

  /** 404 DOCTOR_NOT_FOUND unless the doctor is publicly listed. */
  async assertListed(id: string): Promise<void> {
    if (!(await this.doctors.findListedById(id))) {
      throw doctorNotFound();
    }
  }
}
