import { DoctorProfileFieldsDto } from './doctor-profile-fields.dto';

/** A patient's application to practise on the platform; the name comes from their account. */
export class ApplyForDoctorDto extends DoctorProfileFieldsDto {}
