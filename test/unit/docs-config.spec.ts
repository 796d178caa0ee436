import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppConfig } from '../../src/config/app-config';

const root = resolve(__dirname, '../..');
const readme = readFileSync(resolve(root, 'README.md'), 'utf8');
const envExample = readFileSync(resolve(root, '.env.example'), 'utf8');

/** Every variable AppConfig reads: the validated class is the single source of truth. */
function configKeys(): string[] {
  const source = readFileSync(resolve(root, 'src/config/app-config.ts'), 'utf8');
  const declared = [...source.matchAll(/^\s+([A-Z][A-Z0-9_]+)[?!]?(?::|\s=)/gm)].map((m) => m[1]);
  return [...new Set([...Object.keys(new AppConfig()), ...declared])].sort();
}

describe('configuration documentation', () => {
  const keys = configKeys();

  it('finds the configuration keys', () => {
    expect(keys).toEqual(expect.arrayContaining(['MONGODB_URI', 'PORT', 'THROTTLE_AUTH_LIMIT']));
  });

  it.each(keys)('README documents %s in the configuration table', (key) => {
    expect(readme).toMatch(new RegExp(`^\\|\\s*\`${key}\`\\s*\\|`, 'm'));
  });

  it.each(keys)('.env.example lists %s', (key) => {
    expect(envExample).toMatch(new RegExp(`^#?\\s*${key}=`, 'm'));
  });
});
