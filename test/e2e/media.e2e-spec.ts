import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bearer, registerPatient, type TestUser } from '../factories/users.factory';
import { createTestApp, type TestApp } from '../utils/test-app';
import { API } from '../utils/http';
import { dataOf, errorOf } from '../utils/responses';
import type { UserResponseDto } from '../../src/modules/users/dto/user-response.dto';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
  Buffer.from('JFIF\0'),
  Buffer.alloc(64, 1),
  Buffer.from([0xff, 0xd9]),
]);
const WEBP = Buffer.concat([
  Buffer.from('RIFF'),
  Buffer.from([0x1a, 0, 0, 0]),
  Buffer.from('WEBPVP8L'),
  Buffer.alloc(14, 2),
]);
const MB = 1024 * 1024;
/** A buffer of `size` bytes that starts like a PNG, so only its size can be wrong. */
const pngOfSize = (size: number): Buffer => {
  const buf = Buffer.alloc(size, 7);
  PNG.copy(buf, 0, 0, 8);
  return buf;
};

const AVATAR = `${API}/users/me/avatar`;
const LOCAL_URL = /^http:\/\/localhost:3000\/uploads\/avatars\/[0-9a-f]{32}\.(jpg|png|webp)$/;

describe('media: avatar upload to local disk (e2e)', () => {
  let t: TestApp;
  let user: TestUser;

  const upload = (
    file: Buffer,
    options: { filename?: string; contentType?: string; field?: string } = {},
    token = user.accessToken,
  ) =>
    t.http
      .post(AVATAR)
      .set(bearer(token))
      .attach(options.field ?? 'image', file, {
        filename: options.filename ?? 'avatar.bin',
        contentType: options.contentType ?? 'application/octet-stream',
      });

  const pathOf = (url: string) => new URL(url).pathname;
  const diskPath = (url: string) => join(t.uploadDir, pathOf(url).replace(/^\/uploads\//, ''));
  const currentAvatar = async (): Promise<string | null> =>
    dataOf<UserResponseDto>(
      await t.http.get(`${API}/users/me`).set(bearer(user.accessToken)).expect(200),
    ).avatarUrl;

  beforeAll(async () => {
    t = await createTestApp();
    user = await registerPatient(t);
  });
  afterAll(() => t.close());

  it('rejects an upload without a token (401) and stores nothing', async () => {
    const res = await t.http.post(AVATAR).attach('image', PNG, 'a.png').expect(401);
    expect(res.body).toMatchObject({ success: false, code: 'UNAUTHORIZED' });
    expect(existsSync(join(t.uploadDir, 'avatars'))).toBe(false);
  });

  it('accepts a PNG, stores it on disk and serves the same bytes under /uploads', async () => {
    const res = await upload(PNG, { filename: 'me.png', contentType: 'image/png' }).expect(200);
    expect(res.body).toMatchObject({ success: true, message: 'Avatar updated' });
    const url: string = dataOf<UserResponseDto>(res).avatarUrl!;
    expect(url).toMatch(LOCAL_URL);
    expect(url.endsWith('.png')).toBe(true);
    expect(dataOf<UserResponseDto>(res).id).toBe(user.id);
    expect(readFileSync(diskPath(url))).toEqual(PNG);
    const served = await t.http.get(pathOf(url)).buffer(true).expect(200);
    expect(Buffer.from(served.body as Buffer)).toEqual(PNG);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(await currentAvatar()).toBe(url);
  });

  it('accepts a JPEG and deletes the avatar it replaces', async () => {
    const previous = (await currentAvatar())!;
    const res = await upload(JPEG, { filename: 'me.jpg', contentType: 'image/jpeg' }).expect(200);
    const url: string = dataOf<UserResponseDto>(res).avatarUrl!;
    expect(url).toMatch(LOCAL_URL);
    expect(url.endsWith('.jpg')).toBe(true);
    expect(existsSync(diskPath(previous))).toBe(false);
    await t.http.get(pathOf(previous)).expect(404);
    expect(readFileSync(diskPath(url))).toEqual(JPEG);
  });

  it('accepts a WebP', async () => {
    const res = await upload(WEBP, { filename: 'me.webp', contentType: 'image/webp' }).expect(200);
    expect(dataOf<UserResponseDto>(res).avatarUrl).toMatch(/\.webp$/);
  });

  it('goes by the bytes, not the declared type: a PNG sent as image/jpeg is stored as PNG', async () => {
    const res = await upload(PNG, { filename: 'photo.jpg', contentType: 'image/jpeg' }).expect(200);
    const url: string = dataOf<UserResponseDto>(res).avatarUrl!;
    expect(url.endsWith('.png')).toBe(true);
    const served = await t.http.get(pathOf(url)).expect(200);
    expect(served.headers['content-type']).toBe('image/png');
  });

  it('rejects a text file named x.png with 400 UNSUPPORTED_IMAGE_TYPE and keeps the avatar', async () => {
    const before = await currentAvatar();
    const res = await upload(Buffer.from('just some text, honestly a PNG'), {
      filename: 'x.png',
      contentType: 'image/png',
    }).expect(400);
    expect(res.body).toMatchObject({ success: false, code: 'UNSUPPORTED_IMAGE_TYPE' });
    expect(await currentAvatar()).toBe(before);
  });

  it('rejects SVG and GIF (not accepted types)', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>');
    await upload(svg, { filename: 'a.svg', contentType: 'image/svg+xml' }).expect(400);
    await upload(Buffer.from('GIF89a\x01\x00\x01\x00'), { filename: 'a.gif' }).expect(400);
  });

  it('accepts exactly IMAGE_MAX_BYTES (5 MB) and rejects one byte more with 413', async () => {
    await upload(pngOfSize(5 * MB), { filename: 'big.png' }).expect(200);
    const before = await currentAvatar();
    const res = await upload(pngOfSize(5 * MB + 1), { filename: 'big.png' }).expect(413);
    expect(res.body).toMatchObject({ success: false, code: 'IMAGE_TOO_LARGE' });
    expect(await currentAvatar()).toBe(before);
  });

  it('stops uploads beyond the hard multipart cap with 413', async () => {
    const res = await upload(pngOfSize(22 * MB), { filename: 'huge.png' }).expect(413);
    expect(res.body).toMatchObject({ success: false, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('rejects a missing file with 400 IMAGE_REQUIRED (multipart or JSON)', async () => {
    const multipart = await t.http
      .post(AVATAR)
      .set(bearer(user.accessToken))
      .field('note', 'no file here')
      .expect(400);
    expect(errorOf(multipart).code).toBe('IMAGE_REQUIRED');
    const json = await t.http.post(AVATAR).set(bearer(user.accessToken)).send({}).expect(400);
    expect(errorOf(json).code).toBe('IMAGE_REQUIRED');
    const empty = await upload(Buffer.alloc(0), { filename: 'empty.png' }).expect(400);
    expect(errorOf(empty).code).toBe('IMAGE_REQUIRED');
  });

  it('rejects a file in another field and a second file (400)', async () => {
    await upload(PNG, { field: 'file', filename: 'a.png' }).expect(400);
    await t.http
      .post(AVATAR)
      .set(bearer(user.accessToken))
      .attach('image', PNG, 'a.png')
      .attach('image', PNG, 'b.png')
      .expect(400);
  });

  it("does not touch another user's avatar", async () => {
    const other = await registerPatient(t);
    const mine = await currentAvatar();
    const res = await upload(PNG, { filename: 'o.png' }, other.accessToken).expect(200);
    expect(dataOf<UserResponseDto>(res).id).toBe(other.id);
    expect(await currentAvatar()).toBe(mine);
    expect(existsSync(diskPath(mine!))).toBe(true);
  });

  it('does not serve files outside the upload directory', async () => {
    await t.http.get('/uploads/../package.json').expect(404);
    await t.http.get('/uploads/%2e%2e/package.json').expect((res) => {
      expect([400, 403, 404]).toContain(res.status);
    });
  });
});
