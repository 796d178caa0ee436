export const MediaErrorCode = {
  ImageRequired: 'IMAGE_REQUIRED',
  UnsupportedImageType: 'UNSUPPORTED_IMAGE_TYPE',
  ImageTooLarge: 'IMAGE_TOO_LARGE',
  StorageUnavailable: 'IMAGE_STORAGE_UNAVAILABLE',
} as const;
