import { Logger } from '@nestjs/common';
import { Agent as HttpAgent } from 'node:http';
import { randomBytes } from 'node:crypto';
import { v2 as cloudinary, type UploadApiResponse } from 'cloudinary';
import type { StoredImage } from '../domain/stored-image';
import { MediaErrorCode, mediaError } from '../media.errors';
import type { ImageType } from '../image-type';
import { ImageFolder, ImageStorage } from './image-storage';

export interface CloudinaryCredentials {
  cloudName: string;
  apiKey: string;
  apiSecret: string;
  /** API base URL; only set to point the SDK at a stand-in server. */
  uploadPrefix?: string;
  /** Root folder in the Cloudinary media library. */
  rootFolder: string;
}

interface CallOptions {
  cloud_name: string;
  api_key: string;
  api_secret: string;
  upload_prefix?: string;
  agent?: HttpAgent;
  signature_algorithm: 'sha1';
  timeout: number;
}

const TIMEOUT_MS = 30_000;

/**
 * Cloudinary through its official SDK. Credentials travel with every call instead of through
 * cloudinary.config(), which is process-global: two app instances (or tests) with different
 * accounts cannot leak into each other.
 */
export class CloudinaryImageStorage extends ImageStorage {
  readonly provider = 'cloudinary' as const;
  private readonly logger = new Logger(CloudinaryImageStorage.name);
  private readonly options: CallOptions;

  constructor(private readonly creds: CloudinaryCredentials) {
    super();
    this.options = {
      cloud_name: creds.cloudName,
      api_key: creds.apiKey,
      api_secret: creds.apiSecret,
      signature_algorithm: 'sha1',
      timeout: TIMEOUT_MS,
      ...(creds.uploadPrefix ? { upload_prefix: creds.uploadPrefix.replace(/\/+$/, '') } : {}),
      // The SDK picks http or https once, at load time, from the global config; an http:
      // upload prefix given per call therefore needs an http agent to be usable.
      ...(creds.uploadPrefix?.startsWith('http:') ? { agent: new HttpAgent() } : {}),
    };
  }

  save(buffer: Buffer, _ext: ImageType, folder: ImageFolder): Promise<StoredImage> {
    return new Promise<StoredImage>((resolvePromise, reject) => {
      const stream = cloudinary.uploader.upload_stream(
        {
          ...this.options,
          resource_type: 'image',
          folder: `${this.creds.rootFolder}/${folder}`,
          public_id: randomBytes(16).toString('hex'),
          overwrite: false,
        },
        (error, result?: UploadApiResponse) => {
          if (error || !result?.secure_url || !result.public_id) {
            this.logger.error(`Cloudinary upload failed: ${error?.message ?? 'no result'}`);
            reject(
              mediaError(
                MediaErrorCode.StorageUnavailable,
                'Image storage is unavailable; try again later',
              ),
            );
            return;
          }
          resolvePromise({ url: result.secure_url, key: result.public_id, provider: 'cloudinary' });
        },
      );
      stream.end(buffer);
    });
  }

  async remove(key: string): Promise<void> {
    const options = { ...this.options, resource_type: 'image', invalidate: true };
    const result = (await cloudinary.uploader.destroy(key, options)) as { result?: string };
    if (result.result !== 'ok' && result.result !== 'not found') {
      throw new Error(`Cloudinary destroy of ${key} answered ${String(result.result)}`);
    }
  }
}
