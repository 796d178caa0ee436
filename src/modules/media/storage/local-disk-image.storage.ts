import { mkdir, unlink, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { StoredImage } from '../domain/stored-image';
import type { ImageType } from '../image-type';
import { ImageFolder, ImageStorage } from './image-storage';

// Keys are only ever produced by save(); anything else (e.g. `../`) is refused by remove().
const KEY = /^(avatars|doctors)\/[0-9a-f]{32}\.(jpg|png|webp)$/;

/**
 * Writes images under UPLOAD_DIR/<folder>/ with random names; bootstrap serves UPLOAD_DIR at
 * /uploads, so URLs are `${PUBLIC_BASE_URL}/uploads/<folder>/<name>`.
 */
export class LocalDiskImageStorage extends ImageStorage {
  readonly provider = 'local' as const;
  private readonly root: string;

  constructor(
    uploadDir: string,
    private readonly publicBaseUrl: string,
  ) {
    super();
    this.root = resolve(uploadDir);
  }

  async save(buffer: Buffer, ext: ImageType, folder: ImageFolder): Promise<StoredImage> {
    const key = `${folder}/${randomBytes(16).toString('hex')}.${ext}`;
    await mkdir(join(this.root, folder), { recursive: true });
    // 'wx': never overwrite, even in the astronomically unlikely event of a name collision.
    await writeFile(join(this.root, key), buffer, { flag: 'wx' });
    return {
      url: `${this.publicBaseUrl.replace(/\/+$/, '')}/uploads/${key}`,
      key,
      provider: this.provider,
    };
  }

  async remove(key: string): Promise<void> {
    if (!KEY.test(key)) {
      throw new Error(`Refusing to delete unexpected local image key ${key}`);
    }
    await unlink(join(this.root, key)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') {
        throw err;
      }
    });
  }
}
