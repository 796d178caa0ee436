import { Logger, Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { MediaService } from './media.service';
import { CloudinaryImageStorage } from './storage/cloudinary-image.storage';
import { ImageStorage } from './storage/image-storage';
import { LocalDiskImageStorage } from './storage/local-disk-image.storage';

/** Root folder of this app's images in the Cloudinary media library. */
const CLOUDINARY_ROOT_FOLDER = 'docbook';

function createImageStorage(config: AppConfig): ImageStorage {
  const logger = new Logger('MediaModule');
  if (
    config.cloudinaryConfigured &&
    config.CLOUDINARY_CLOUD_NAME &&
    config.CLOUDINARY_API_KEY &&
    config.CLOUDINARY_API_SECRET
  ) {
    logger.log(
      `Image storage: Cloudinary (cloud ${config.CLOUDINARY_CLOUD_NAME}` +
        `${config.CLOUDINARY_UPLOAD_PREFIX ? `, API ${config.CLOUDINARY_UPLOAD_PREFIX}` : ''})`,
    );
    return new CloudinaryImageStorage({
      cloudName: config.CLOUDINARY_CLOUD_NAME,
      apiKey: config.CLOUDINARY_API_KEY,
      apiSecret: config.CLOUDINARY_API_SECRET,
      uploadPrefix: config.CLOUDINARY_UPLOAD_PREFIX,
      rootFolder: CLOUDINARY_ROOT_FOLDER,
    });
  }
  logger.log(`Image storage: local disk at ${config.UPLOAD_DIR}, served at /uploads`);
  return new LocalDiskImageStorage(config.UPLOAD_DIR, config.PUBLIC_BASE_URL);
}

@Module({
  providers: [
    { provide: ImageStorage, inject: [AppConfig], useFactory: createImageStorage },
    MediaService,
  ],
  exports: [MediaService],
})
export class MediaModule {}
