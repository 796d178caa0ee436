import { toAddressResponse, type AddressDto } from '../../common/dto/address.dto';
import type { ProfileFields } from './schemas/doctor-profile-fields.schema';

/** The profile fields as a client sends them (fee and currency flat, address lines optional). */
export interface ProfileFieldsInput {
  speciality: string;
  degree: string;
  experienceYears: number;
  about?: string;
  fee: number;
  currency: string;
  address?: { line1?: string; line2?: string };
  timezone: string;
}

/** What is stored from a request (an application, or an admin creating a doctor). */
export function toProfileFields(input: ProfileFieldsInput): ProfileFields {
  return {
    speciality: input.speciality,
    degree: input.degree,
    experienceYears: input.experienceYears,
    about: input.about ?? '',
    fee: { amount: input.fee, currency: input.currency },
    address: { line1: input.address?.line1 ?? '', line2: input.address?.line2 ?? '' },
    timezone: input.timezone,
  };
}

/** The fields alone, copied from a stored application or profile (e.g. at approval). */
export function pickProfileFields(source: ProfileFields): ProfileFields {
  return {
    speciality: source.speciality,
    degree: source.degree,
    experienceYears: source.experienceYears,
    about: source.about,
    fee: { amount: source.fee.amount, currency: source.fee.currency },
    address: source.address,
    timezone: source.timezone,
  };
}

export interface ProfileFieldsResponse {
  speciality: string;
  degree: string;
  experienceYears: number;
  about: string;
  fee: { amount: number; currency: string };
  address: AddressDto | null;
  timezone: string;
}

/** The fields as every doctor and application response shows them. */
export function toProfileFieldsResponse(source: ProfileFields): ProfileFieldsResponse {
  return {
    speciality: source.speciality,
    degree: source.degree,
    experienceYears: source.experienceYears,
    about: source.about ?? '',
    fee: { amount: source.fee.amount, currency: source.fee.currency },
    address: toAddressResponse(source.address),
    timezone: source.timezone,
  };
}
