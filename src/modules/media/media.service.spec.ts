import { Logger } from '@nestjs/common';
import { AppError, ErrorKind } from '../../common/errors/app-error';
import { AppConfig } from '../../config/app-config';
import type { StoredImage } from './domain/stored-image';
import type { ImageType } from './image-type';
import { MediaService } from './media.service';
import { ImageFolder, ImageStorage } from './storage/image-storage';

class FakeStorage extends ImageStorage {
  readonly provider = 'local' as const;
  saved: { ext: ImageType; folder: ImageFolder; size: number }[] = [];
  removed: string[] = [];
  failRemove = false;

  async save(buffer: Buffer, ext: ImageType, folder: ImageFolder): Promise<StoredImage> {
    this.saved.push({ ext, folder, size: buffer.length });
    return {
      url: `http://x/uploads/${folder}/k.${ext}`,
      key: `${folder}/k.${ext}`,
      provider: 'local',
    };
  }

  async remove(key: string): Promise<void> {
    if (this.failRemove) {
      throw new Error('disk on fire');
    }
    this.removed.push(key);
  }
}

const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const png = (size: number): Buffer => {
  const b = Buffer.alloc(size);
  Buffer.from(PNG_SIG).copy(b);
  return b;
};
const file = (buffer: Buffer) => ({ buffer, size: buffer.length });

describe('MediaService', () => {
  let storage: FakeStorage;
  let media: MediaService;
  const config = Object.assign(new AppConfig(), { IMAGE_MAX_BYTES: 1024 });

  beforeEach(() => {
    storage = new FakeStorage();
    media = new MediaService(storage, config);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  const failure = async (p: Promise<unknown>): Promise<AppError> => {
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  };

  it('stores a valid image with the extension its bytes name', async () => {
    const image = await media.store(file(png(100)), 'doctors');
    expect(image).toEqual({
      url: 'http://x/uploads/doctors/k.png',
      key: 'doctors/k.png',
      provider: 'local',
    });
    expect(storage.saved).toEqual([{ ext: 'png', folder: 'doctors', size: 100 }]);
  });

  it('requires a file', async () => {
    expect(await failure(media.store(undefined, 'avatars'))).toMatchObject({
      kind: ErrorKind.Validation,
      code: 'IMAGE_REQUIRED',
    });
    expect((await failure(media.store(file(Buffer.alloc(0)), 'avatars'))).code).toBe(
      'IMAGE_REQUIRED',
    );
  });

  it('enforces IMAGE_MAX_BYTES inclusively, before looking at the type', async () => {
    await media.store(file(png(1024)), 'avatars');
    expect(await failure(media.store(file(png(1025)), 'avatars'))).toMatchObject({
      kind: ErrorKind.PayloadTooLarge,
      code: 'IMAGE_TOO_LARGE',
    });
    expect((await failure(media.store(file(Buffer.alloc(2000, 0x41)), 'avatars'))).code).toBe(
      'IMAGE_TOO_LARGE',
    );
  });

  it('rejects bytes that are not JPEG, PNG or WebP', async () => {
    expect(await failure(media.store(file(Buffer.from('hello')), 'avatars'))).toMatchObject({
      kind: ErrorKind.Validation,
      code: 'UNSUPPORTED_IMAGE_TYPE',
    });
    expect(storage.saved).toEqual([]);
  });

  it('delete ignores null, removes by key, and only logs storage failures', async () => {
    await media.delete(null);
    await media.delete(undefined);
    await media.delete({ url: 'u', key: 'avatars/a.png', provider: 'local' });
    expect(storage.removed).toEqual(['avatars/a.png']);
    storage.failRemove = true;
    await expect(
      media.delete({ url: 'u', key: 'avatars/b.png', provider: 'local' }),
    ).resolves.toBeUndefined();
    expect(Logger.prototype.error).toHaveBeenCalled();
  });

  it('does not hand another provider’s key to the active storage', async () => {
    await media.delete({ url: 'u', key: 'docbook/avatars/x', provider: 'cloudinary' });
    expect(storage.removed).toEqual([]);
  });
});
