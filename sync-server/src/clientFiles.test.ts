import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveClient } from './clientFiles.ts';

let dir: string;
let server: Server;
let base: string;
let missingServer: Server;
let missingBase: string;

async function listen(clientDir: string): Promise<[Server, string]> {
  const made = createServer((request, response) => serveClient(clientDir, request, response, request.url!.split('?')[0]!));
  await new Promise<void>((resolve) => made.listen(0, '127.0.0.1', resolve));
  return [made, `http://127.0.0.1:${(made.address() as AddressInfo).port}`];
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trellis-client-'));
  mkdirSync(join(dir, 'dist', 'assets'), { recursive: true });
  writeFileSync(join(dir, 'dist', 'index.html'), '<!doctype html><title>Trellis</title>');
  writeFileSync(join(dir, 'dist', 'sw.js'), 'self.addEventListener("fetch", () => {})');
  writeFileSync(join(dir, 'dist', 'assets', 'index-3f2a1b.js'), 'console.log(1)');
  writeFileSync(join(dir, 'dist', 'assets', 'index-3f2a1b.css'), 'body{}');
  writeFileSync(join(dir, 'secret.txt'), 'outside the client');
  [server, base] = await listen(join(dir, 'dist'));
  [missingServer, missingBase] = await listen(join(dir, 'nothing-here'));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await new Promise((resolve) => missingServer.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

/** A raw request line, so that `..` reaches the server unnormalised. */
function rawGet(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const { port } = server.address() as AddressInfo;
    const socket = connect(port, '127.0.0.1', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}

describe('serving the built client', () => {
  it('STATIC-1 hashed assets are immutable for a year; index.html and the service worker are no-cache', async () => {
    const asset = await fetch(`${base}/assets/index-3f2a1b.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await fetch(`${base}/assets/index-3f2a1b.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
    for (const path of ['/', '/index.html', '/sw.js']) {
      const response = await fetch(base + path);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-cache');
    }
    expect((await fetch(base + '/')).headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  it('STATIC-2 unknown paths fall back to index.html, but a missing asset is 404', async () => {
    const deep = await fetch(`${base}/portfolio/anything`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<title>Trellis</title>');
    expect((await fetch(`${base}/assets/gone-000000.js`)).status).toBe(404);
  });

  it('STATIC-3 refuses path traversal however it is spelled', async () => {
    for (const path of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%00']) {
      const response = await rawGet(path);
      expect(response, path).not.toContain('outside the client');
    }
  });

  it('STATIC-4 without a build, / says to run npm run build', async () => {
    const response = await fetch(missingBase + '/');
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('npm run build');
  });
});
