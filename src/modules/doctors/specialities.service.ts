import { Injectable, Logger } from '@nestjs/common';

import { DoctorsErrorCode, doctorsError } from './doctors.errors';
import { DoctorsRepository } from './doctors.repository';
import { slugify } from './domain/slug';
import type { SpecialityDto } from './dto/speciality.dto';
import { SpecialitiesRepository } from './specialities.repository';
import { isDuplicateKey } from '../../database/duplicate-key';

/** Seeded at start-up when missing; admins add more. */
export const DEFAULT_SPECIALITIES: ReadonlyArray<{ slug: string; name: string }> = [
  { slug: 'general-physician', name: 'General physician' },
  { slug: 'gynecologist', name: 'Gynecologist' },
  { slug: 'dermatologist', name: 'Dermatologist' },
  { slug: 'pediatrician', name: 'Pediatrician' },
  { slug: 'neurologist', name: 'Neurologist' },
  { slug: 'gastroenterologist', name: 'Gastroenterologist' },
  { slug: 'cardiologist', name: 'Cardiologist' },
  { slug: 'orthopedist', name: 'Orthopedist' },
  { slug: 'psychiatrist', name: 'Psychiatrist' },
  { slug: 'ent', name: 'ENT specialist' },
];

@Injectable()
export class SpecialitiesService {
  private readonly logger = new Logger(SpecialitiesService.name);
  /**
   * slug -> name. Specialities are few and never renamed or removed, so names are cached; a
   * slug this instance has not seen (added through another instance) triggers one reload.
   */
  private names = new Map<string, string>();

  constructor(
    private readonly specialities: SpecialitiesRepository,
    private readonly doctors: DoctorsRepository,
  ) {}

  /** Idempotent, and safe when several instances start at once (upserts keyed on the slug). */
  async ensureDefaults(): Promise<void> {
    for (const s of DEFAULT_SPECIALITIES) {
      try {
        await this.specialities.ensure(s.slug, s.name);
      } catch (err) {
        // A concurrent upsert of the same slug won the race; the speciality exists either way.
        if (!isDuplicateKey(err)) {
          throw err;
        }
      }
    }
    await this.reload();
    this.logger.log(`${this.names.size} specialities available`);
  }

  async create(name: string, slug?: string): Promise<SpecialityDto> {
    const finalSlug = slug ?? slugify(name);
    if (finalSlug.length < 2) {
      throw doctorsError(
        DoctorsErrorCode.InvalidSpecialitySlug,
        'Cannot derive a slug from this name; give one explicitly',
      );
    }
    try {
      const created = await this.specialities.create(finalSlug, name);
      this.names.set(created.slug, created.name);
      return { slug: created.slug, name: created.name, doctorCount: 0 };
    } catch (err) {
      if (isDuplicateKey(err)) {
        throw doctorsError(DoctorsErrorCode.SpecialityExists, `Speciality "${finalSlug}" exists`);
      }
      throw err;
    }
  }

  /** Every speciality with its number of publicly listed doctors, by name. */
  async listWithCounts(): Promise<SpecialityDto[]> {
    const [all, counts] = await Promise.all([
      this.specialities.findAll(),
      this.doctors.listedCountsBySpeciality(),
    ]);
    return all.map((s) => ({ slug: s.slug, name: s.name, doctorCount: counts.get(s.slug) ?? 0 }));
  }

  /** 400 UNKNOWN_SPECIALITY unless the slug names a speciality. */
  async assertExists(slug: string): Promise<void> {
    if (this.names.has(slug)) {
      return;
    }
    const found = await this.specialities.findBySlug(slug);
    if (!found) {
      throw doctorsError(DoctorsErrorCode.UnknownSpeciality, `Unknown speciality "${slug}"`);
    }
    this.names.set(found.slug, found.name);
  }

  /** Display names for slugs (the slug itself if it is unknown). */
  async namesOf(slugs: Iterable<string>): Promise<Map<string, string>> {
    const wanted = [...new Set(slugs)];
    if (wanted.some((s) => !this.names.has(s))) {
      await this.reload();
    }
    return new Map(wanted.map((s) => [s, this.names.get(s) ?? s]));
  }

  async nameOf(slug: string): Promise<string> {
    return (await this.namesOf([slug])).get(slug) ?? slug;
  }

  private async reload(): Promise<void> {
    const all = await this.specialities.findAll();
    this.names = new Map(all.map((s) => [s.slug, s.name]));
  }
}
