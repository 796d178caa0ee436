import { v2 as cloudinary } from 'cloudinary';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import {
  Agent,
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { bearer, registerPatient, type TestUser } from '../factories/users.factory';
import { createTestApp, type TestApp } from '../utils/test-app';
import { API } from '../utils/http';
import { dataOf } from '../utils/responses';
import type { UserResponseDto } from '../../src/modules/users/dto/user-response.dto';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(32, 3)]);

interface Part {
  name: string;
  filename?: string;
  data: Buffer;
}

/** Splits a multipart/form-data body into its parts (enough for what the SDK sends). */
function parseMultipart(body: Buffer, contentType: string): Part[] {
  const boundary = /boundary=([^;]+)/.exec(contentType)?.[1];
  if (!boundary) {
    throw new Error('no boundary');
  }
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) {
      break;
    }
    const raw = body.subarray(start + delimiter.length + 2, next - 2); // strip CRLFs
    const headerEnd = raw.indexOf('\r\n\r\n');
    const headers = raw.subarray(0, headerEnd).toString('utf8');
    const name = /name="([^"]*)"/.exec(headers)?.[1] ?? '';
    const filename = /filename="([^"]*)"/.exec(headers)?.[1];
    parts.push({ name, filename, data: raw.subarray(headerEnd + 4) });
    start = next;
  }
  return parts;
}

/** Cloudinary's rule: every parameter but file, cloud_name, resource_type and api_key, sorted. */
function expectedSignature(params: Record<string, string>, secret: string): string {
  const toSign = Object.keys(params)
    .filter((k) => !['file', 'cloud_name', 'resource_type', 'api_key', 'signature'].includes(k))
    .filter((k) => params[k] !== '')
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
  return createHash('sha1')
    .update(toSign + secret)
    .digest('hex');
}

interface Upload {
  params: Record<string, string>;
  file: Buffer;
}

/** Plays Cloudinary's Upload API (upload and destroy) for one cloud, verifying signatures. */
class CloudinaryStandIn {
  readonly cloudName = `cloud${randomBytes(3).toString('hex')}`;
  readonly apiKey = String(100000000000000 + Math.floor(Math.random() * 1e9));
  readonly apiSecret = randomBytes(20).toString('base64url');
  readonly uploads: Upload[] = [];
  readonly destroyed: string[] = [];
  readonly rejected: string[] = [];
  readonly assets = new Map<string, Buffer>();
  private server!: Server;
  baseUrl = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private reply(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) {
      chunks.push(chunk as Buffer);
    }
    const parts = parseMultipart(Buffer.concat(chunks), String(req.headers['content-type']));
    const params: Record<string, string> = {};
    let file: Buffer | undefined;
    for (const p of parts) {
      if (p.name === 'file') {
        file = p.data;
      } else {
        params[p.name] = p.data.toString('utf8');
      }
    }
    const route = new RegExp(`^/v1_1/${this.cloudName}/image/(upload|destroy)$`).exec(
      req.url ?? '',
    );
    if (req.method !== 'POST' || !route) {
      return this.reply(res, 404, { error: { message: 'Not found' } });
    }
    const fresh = Math.abs(Date.now() / 1000 - Number(params.timestamp)) < 3600;
    if (
      params.api_key !== this.apiKey ||
      !fresh ||
      params.signature !== expectedSignature(params, this.apiSecret)
    ) {
      this.rejected.push(route[1]);
      return this.reply(res, 401, {
        error: { message: `Invalid Signature ${params.signature}. String to sign - '...'` },
      });
    }
    if (route[1] === 'upload') {
      if (!file) {
        return this.reply(res, 400, { error: { message: 'Missing required parameter - file' } });
      }
      this.uploads.push({ params, file });
      const publicId = params.folder ? `${params.folder}/${params.public_id}` : params.public_id;
      this.assets.set(publicId, file);
      const version = Math.floor(Date.now() / 1000);
      return this.reply(res, 200, {
        asset_id: randomBytes(16).toString('hex'),
        public_id: publicId,
        version,
        signature: createHash('sha1')
          .update(`public_id=${publicId}&version=${version}${this.apiSecret}`)
          .digest('hex'),
        width: 1,
        height: 1,
        format: 'png',
        resource_type: 'image',
        created_at: new Date().toISOString(),
        bytes: file.length,
        type: 'upload',
        url: `${this.baseUrl}/${this.cloudName}/image/upload/v${version}/${publicId}.png`,
        secure_url: `${this.baseUrl}/${this.cloudName}/image/upload/v${version}/${publicId}.png`,
      });
    }
    this.destroyed.push(params.public_id);
    const existed = this.assets.delete(params.public_id);
    return this.reply(res, 200, { result: existed ? 'ok' : 'not found' });
  }
}

describe('media: Cloudinary through the official SDK against a stand-in (e2e)', () => {
  const standIn = new CloudinaryStandIn();
  let t: TestApp;
  let user: TestUser;

  const cloudEnv = (secret = standIn.apiSecret) => ({
    CLOUDINARY_CLOUD_NAME: standIn.cloudName,
    CLOUDINARY_API_KEY: standIn.apiKey,
    CLOUDINARY_API_SECRET: secret,
    CLOUDINARY_UPLOAD_PREFIX: standIn.baseUrl,
  });

  beforeAll(async () => {
    await standIn.start();
    t = await createTestApp({ env: cloudEnv() });
    user = await registerPatient(t);
  });
  afterAll(async () => {
    await t?.close();
    await standIn.stop();
  });

  it('uploads a signed request and stores the URL Cloudinary returns', async () => {
    const res = await t.http
      .post(`${API}/users/me/avatar`)
      .set(bearer(user.accessToken))
      .attach('image', PNG, { filename: 'me.png', contentType: 'image/png' })
      .expect(200);
    expect(standIn.uploads).toHaveLength(1);
    const [upload] = standIn.uploads;
    expect(upload.file).toEqual(PNG);
    expect(upload.params).toMatchObject({ api_key: standIn.apiKey, folder: 'docbook/avatars' });
    expect(upload.params.signature).toBe(expectedSignature(upload.params, standIn.apiSecret));
    const url: string = dataOf<UserResponseDto>(res).avatarUrl!;
    expect(url.startsWith(`${standIn.baseUrl}/${standIn.cloudName}/image/upload/`)).toBe(true);
    expect(url).toContain(`docbook/avatars/${upload.params.public_id}`);
    expect(standIn.rejected).toEqual([]);
  });

  it('keeps nothing on local disk when Cloudinary is configured', async () => {
    const res = await t.http.get(`${API}/users/me`).set(bearer(user.accessToken)).expect(200);
    expect(dataOf<UserResponseDto>(res).avatarUrl).not.toContain('/uploads/');
    expect(existsSync(join(t.uploadDir, 'avatars'))).toBe(false);
  });

  it('replacing the avatar destroys the old image with a signed request', async () => {
    const oldPublicId = [...standIn.assets.keys()][0];
    await t.http
      .post(`${API}/users/me/avatar`)
      .set(bearer(user.accessToken))
      .attach('image', JPEG, 'new.jpg')
      .expect(200);
    expect(standIn.destroyed).toEqual([oldPublicId]);
    expect(standIn.assets.has(oldPublicId)).toBe(false);
    expect(standIn.assets.size).toBe(1);
    expect(standIn.rejected).toEqual([]);
  });

  it('validates type and size before anything is sent to Cloudinary', async () => {
    const before = standIn.uploads.length;
    await t.http
      .post(`${API}/users/me/avatar`)
      .set(bearer(user.accessToken))
      .attach('image', Buffer.from('not an image'), 'x.png')
      .expect(400);
    expect(standIn.uploads).toHaveLength(before);
  });

  it('the stand-in rejects a request signed with the wrong secret', async () => {
    const wrongCredentials = {
      invalidate: true,
      cloud_name: standIn.cloudName,
      api_key: standIn.apiKey,
      api_secret: 'not-the-secret',
      upload_prefix: standIn.baseUrl,
      agent: new Agent(),
    };
    const err: unknown = await cloudinary.uploader.destroy('anything', wrongCredentials).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ http_code: 401 });
    expect(standIn.rejected).toContain('destroy');
  });

  it('an app with a wrong secret answers 503 and keeps the current avatar', async () => {
    const wrong = await createTestApp({
      env: cloudEnv('wrong-secret-' + randomBytes(8).toString('hex')),
    });
    try {
      const other = await registerPatient(wrong);
      const rejectedBefore = standIn.rejected.length;
      const res = await wrong.http
        .post(`${API}/users/me/avatar`)
        .set(bearer(other.accessToken))
        .attach('image', PNG, 'me.png')
        .expect(503);
      expect(res.body).toMatchObject({ success: false, code: 'IMAGE_STORAGE_UNAVAILABLE' });
      expect(standIn.rejected.length).toBe(rejectedBefore + 1);
      const me = await wrong.http.get(`${API}/users/me`).set(bearer(other.accessToken));
      expect(dataOf<UserResponseDto>(me).avatarUrl).toBeNull();
    } finally {
      await wrong.close();
    }
  });
});
