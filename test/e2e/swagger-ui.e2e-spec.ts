import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { createTestApp, type TestApp } from '../utils/test-app';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
// Not localhost: browsers treat http://localhost as a secure context, which hid the bug.
const HOST = 'docbook.test';

if (!HAS_CHROMIUM) {
  process.stderr.write(
    `Skipping the Swagger UI browser test: no Chromium at ${CHROMIUM} ` +
      '(install Debian `chromium` or set CHROMIUM_PATH).\n',
  );
}

(HAS_CHROMIUM ? describe : describe.skip)('Swagger UI in a real browser', () => {
  let t: TestApp;
  let browser: BrowserContext;
  let port: number;
  let profileDir: string;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    profileDir = mkdtempSync(join(tmpdir(), 'docbook-chromium-'));
    // A fresh profile each run, so no cached HSTS or upgraded URLs from an earlier run.
    browser = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--host-resolver-rules=MAP ${HOST} 127.0.0.1`,
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (profileDir) {
      rmSync(profileDir, { recursive: true, force: true });
    }
  });

  it('renders the operations when opened over plain HTTP by a non-localhost host name', async () => {
    const page = await browser.newPage();
    const failed: string[] = [];
    page.on('requestfailed', (req) => failed.push(`${req.url()} ${req.failure()?.errorText}`));
    await page.goto(`http://${HOST}:${port}/docs`, { waitUntil: 'load' });
    await page.waitForSelector('.opblock', { timeout: 15000 });
    expect(failed).toEqual([]);
    expect(await page.locator('.opblock').count()).toBeGreaterThan(10);
    // Tag sections are addressable: Swagger UI turns tag names into element ids.
    expect(await page.locator('#operations-tag-admin-doctors').count()).toBe(1);
    if (process.env.SWAGGER_SCREENSHOT) {
      await page.screenshot({ path: process.env.SWAGGER_SCREENSHOT, fullPage: false });
    }
    await page.close();
  });
});

// Runs without a browser too: the header that made Swagger UI fetch its assets over https.
describe('Swagger UI content security policy', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('does not ask browsers to upgrade /docs assets to https', async () => {
    const res = await t.http.get('/docs/').set('Host', `${HOST}:3000`).expect(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self' 'unsafe-inline'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    const css = await t.http.get('/docs/swagger-ui.css').set('Host', `${HOST}:3000`).expect(200);
    expect(css.headers['content-type']).toMatch(/text\/css/);
  });
});
