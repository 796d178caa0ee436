export enum DoctorSort {
  Popularity = 'popularity',
  Rating = 'rating',
  Fee = 'fee',
  FeeDesc = 'fee_desc',
  Experience = 'experience',
  Name = 'name',
}

export type SortSpec = Record<string, 1 | -1>;

/**
 * Each sort ends on `_id` so pages never overlap or skip a doctor whose key ties. Every key
 * order here matches (or is the exact reverse of) an index in doctor.schema.ts, so the sort is
 * read off the index instead of being done in memory. `rating` sorts by the stored fair score
 * (a Bayesian average, domain/rating.ts), not the plain average.
 */
export const SORT_SPECS: Record<DoctorSort, SortSpec> = {
  [DoctorSort.Popularity]: { followersCount: -1, _id: 1 },
  [DoctorSort.Rating]: { 'rating.score': -1, _id: 1 },
  [DoctorSort.Fee]: { 'fee.amount': 1, _id: 1 },
  [DoctorSort.FeeDesc]: { 'fee.amount': -1, _id: -1 },
  [DoctorSort.Experience]: { experienceYears: -1, _id: 1 },
  [DoctorSort.Name]: { nameLower: 1, _id: 1 },
};
