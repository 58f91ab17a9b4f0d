import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLIENT_DIST } from './harness.ts';

/**
 * The built service worker names the build it caches. A worker whose bytes never change is never
 * reinstalled, so after an update the new build's lazily loaded sections would not be precached and a device that
 * goes offline could not open them.
 */
describe('the built service worker', () => {
  const files = (JSON.parse(readFileSync(join(CLIENT_DIST, 'app-shell.json'), 'utf8')) as { files: string[] }).files;
  const worker = readFileSync(join(CLIENT_DIST, 'sw.js'), 'utf8');
  const template = readFileSync(join(CLIENT_DIST, '..', 'serviceWorker.js'), 'utf8');

  it('caches under a version derived from every built file, so another build is another worker', () => {
    expect(worker).not.toContain('__TRELLIS_BUILD__');
    const version = createHash('sha256').update(template).update(JSON.stringify(files)).digest('hex').slice(0, 16);
    expect(worker).toContain(`const CACHE = 'trellis-shell-${version}';`);
    const another = createHash('sha256').update(template).update(JSON.stringify([...files, '/assets/next-build.js'])).digest('hex').slice(0, 16);
    expect(another).not.toBe(version);
    expect(files.some((file) => /\/assets\/.*\.js$/.test(file))).toBe(true);
  });
});
