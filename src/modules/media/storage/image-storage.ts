import type { StoredImage } from '../domain/stored-image';
import type { ImageType } from '../image-type';

export type ImageFolder = 'avatars' | 'doctors';

/** Where validated images are kept. One implementation is chosen at start-up. */
export abstract class ImageStorage {
  abstract readonly provider: StoredImage['provider'];

  /** Stores the bytes under a name the server chooses; returns the public URL and delete key. */
  abstract save(buffer: Buffer, ext: ImageType, folder: ImageFolder): Promise<StoredImage>;

  /** Deletes a stored image by its key. Deleting an image that is already gone succeeds. */
  abstract remove(key: string): Promise<void>;
}
