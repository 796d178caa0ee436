import {
  type CodeOf,
  ErrorKind,
  errorFactory,
  type ErrorKinds,
} from '../../common/errors/app-error';

export const PrescriptoErrorCode = {
  /** A required field of a Prescripto request is missing ('Missing Details', 'Data Missing'). */
  MissingDetails: 'PRESCRIPTO_MISSING_DETAILS',
  /** slotDate / slotTime are not in Prescripto's notation. */
  InvalidSlot: 'PRESCRIPTO_INVALID_SLOT',
  /** No or an invalid `token` / `atoken` / `dtoken` header, or one of another role. */
  NotAuthorized: 'PRESCRIPTO_NOT_AUTHORIZED',
  /** payment-stripe from a page whose Origin is not an allowed CORS origin. */
  OriginNotAllowed: 'PRESCRIPTO_ORIGIN_NOT_ALLOWED',
  /** A speciality name that is neither Prescripto's nor one of ours. */
  UnknownSpeciality: 'PRESCRIPTO_UNKNOWN_SPECIALITY',
} as const;
export type PrescriptoErrorCode = CodeOf<typeof PrescriptoErrorCode>;

export const PRESCRIPTO_ERROR_KINDS: ErrorKinds<PrescriptoErrorCode> = {
  [PrescriptoErrorCode.MissingDetails]: ErrorKind.Validation,
  [PrescriptoErrorCode.InvalidSlot]: ErrorKind.Validation,
  [PrescriptoErrorCode.NotAuthorized]: ErrorKind.Unauthenticated,
  [PrescriptoErrorCode.OriginNotAllowed]: ErrorKind.Forbidden,
  [PrescriptoErrorCode.UnknownSpeciality]: ErrorKind.Validation,
};

export const prescriptoError = errorFactory(PRESCRIPTO_ERROR_KINDS);
