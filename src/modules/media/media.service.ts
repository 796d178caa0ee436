import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';

import type { StoredImage } from './domain/stored-image';
import { detectImageType } from './image-type';
import { MediaErrorCode, mediaError } from './media.errors';
import { ImageFolder, ImageStorage } from './storage/image-storage';

/** The part of an uploaded file MediaService needs (multer's memory-storage file fits). */
export interface UploadedImage {
  buffer: Buffer;
  size: number;
}

/** Validates uploaded images and keeps them in the configured storage. */
@Injectable()
export class MediaService {
  private readonly logger = new Logger(MediaService.name);

  constructor(
    private readonly storage: ImageStorage,
    private readonly config: AppConfig,
  ) {}

  /**
   * Stores an uploaded image after checking its size and its real type (magic bytes; the
   * declared content type and file name are ignored).
   */
  async store(file: UploadedImage | undefined, folder: ImageFolder): Promise<StoredImage> {
    if (!file || !Buffer.isBuffer(file.buffer) || file.buffer.length === 0) {
      throw mediaError(MediaErrorCode.ImageRequired, 'An image file is required');
    }
    const max = this.config.IMAGE_MAX_BYTES;
    if (file.buffer.length > max) {
      throw mediaError(MediaErrorCode.ImageTooLarge, `Image must be at most ${max} bytes`);
    }
    const type = detectImageType(file.buffer);
    if (!type) {
      throw mediaError(
        MediaErrorCode.UnsupportedImageType,
        'Only JPEG, PNG and WebP images are accepted',
      );
    }
    return this.storage.save(file.buffer, type, folder);
  }

  /**
   * Deletes a stored image. Best effort: the caller's change has already happened, so a storage
   * failure is logged (the file is orphaned) rather than failing the request.
   */
  async delete(image: StoredImage | null | undefined): Promise<void> {
    if (!image) {
      return;
    }
    if (image.provider !== this.storage.provider) {
      this.logger.warn(
        `Image ${image.key} is stored with ${image.provider}, but ${this.storage.provider} is active; not deleted`,
      );
      return;
    }
    try {
      await this.storage.remove(image.key);
    } catch (err) {
      this.logger.error(
        `Could not delete image ${image.key}: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
}
