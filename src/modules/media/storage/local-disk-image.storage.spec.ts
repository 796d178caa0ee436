import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalDiskImageStorage } from './local-disk-image.storage';

describe('LocalDiskImageStorage', () => {
  let dir: string;
  let storage: LocalDiskImageStorage;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'media-spec-'));
    storage = new LocalDiskImageStorage(dir, 'https://api.example.com/');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes under <folder>/ with a random name and returns an absolute URL', async () => {
    const a = await storage.save(Buffer.from('abc'), 'webp', 'doctors');
    const b = await storage.save(Buffer.from('abc'), 'webp', 'doctors');
    expect(a.key).toMatch(/^doctors\/[0-9a-f]{32}\.webp$/);
    expect(a.key).not.toBe(b.key);
    expect(a.url).toBe(`https://api.example.com/uploads/${a.key}`);
    expect(a.provider).toBe('local');
    expect(readFileSync(join(dir, a.key), 'utf8')).toBe('abc');
  });

  it('removes its own files and tolerates files that are already gone', async () => {
    const a = await storage.save(Buffer.from('abc'), 'png', 'avatars');
    await storage.remove(a.key);
    expect(existsSync(join(dir, a.key))).toBe(false);
    await expect(storage.remove(a.key)).resolves.toBeUndefined();
  });

  it('refuses keys it could not have produced (no path traversal)', async () => {
    for (const key of ['../etc/passwd', 'avatars/../../x.png', '/abs.png', 'other/0123.png']) {
      await expect(storage.remove(key)).rejects.toThrow(/unexpected/);
    }
  });
});
