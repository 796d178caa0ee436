import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { Speciality } from './schemas/speciality.schema';

export type SpecialityRecord = Speciality;

/** The only code that touches the specialities collection. */
@Injectable()
export class SpecialitiesRepository {
  constructor(@InjectModel(Speciality.name) private readonly model: Model<Speciality>) {}

  async create(slug: string, name: string): Promise<SpecialityRecord> {
    const doc = await this.model.create({ slug, name });
    return doc.toObject();
  }

  /** Inserts the speciality unless its slug exists; never changes an existing one. */
  async ensure(slug: string, name: string): Promise<void> {
    await this.model.updateOne({ slug }, { $setOnInsert: { slug, name } }, { upsert: true }).exec();
  }

  findBySlug(slug: string): Promise<SpecialityRecord | null> {
    return this.model.findOne({ slug }).lean<SpecialityRecord>().exec();
  }

  /** All specialities; a short list (tens), read whole. */
  findAll(): Promise<SpecialityRecord[]> {
    return this.model.find().sort({ name: 1, _id: 1 }).lean<SpecialityRecord[]>().exec();
  }
}
