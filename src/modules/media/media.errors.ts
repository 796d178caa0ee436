import {
  type CodeOf,
  ErrorKind,
  errorFactory,
  type ErrorKinds,
} from '../../common/errors/app-error';

export const MediaErrorCode = {
  ImageRequired: 'IMAGE_REQUIRED',
  UnsupportedImageType: 'UNSUPPORTED_IMAGE_TYPE',
  ImageTooLarge: 'IMAGE_TOO_LARGE',
  StorageUnavailable: 'IMAGE_STORAGE_UNAVAILABLE',
} as const;
export type MediaErrorCode = CodeOf<typeof MediaErrorCode>;

export const MEDIA_ERROR_KINDS: ErrorKinds<MediaErrorCode> = {
  [MediaErrorCode.ImageRequired]: ErrorKind.Validation,
  [MediaErrorCode.UnsupportedImageType]: ErrorKind.Validation,
  [MediaErrorCode.ImageTooLarge]: ErrorKind.PayloadTooLarge,
  [MediaErrorCode.StorageUnavailable]: ErrorKind.Unavailable,
};

export const mediaError = errorFactory(MEDIA_ERROR_KINDS);
