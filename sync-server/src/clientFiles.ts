import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

/** Vite puts content-hashed files under /assets: they never change, so they are cached for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Everything else (index.html, the service worker, the manifest) is revalidated on every load. */
const REVALIDATE = 'no-cache';

/**
 * Serves the built client: files from `clientDir`, and index.html for any other GET path that
 * is not under /assets (the app routes in the fragment, but deep links must still open it).
 */
export function serveClient(clientDir: string | null, request: IncomingMessage, response: ServerResponse, pathname: string) {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
    response.end('method not allowed\n');
    return;
  }
  if (clientDir === null || !existsSync(join(clientDir, 'index.html'))) {
    response.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    response.end(
      clientDir === null
        ? 'This relay serves no app (clientDir is null). The sync endpoint is /sync/<allianceId>.\n'
        : 'The Trellis app is not built yet. Run `npm run build` at the repository root, then reload.\n',
    );
    return;
  }
  let relative: string;
  try {
    relative = decodeURIComponent(pathname);
  } catch {
    return notFound(response);
  }
  if (relative.includes('\0')) return notFound(response);
  const root = resolve(clientDir);
  const file = resolve(root, '.' + (relative.startsWith('/') ? relative : '/' + relative));
  // Path traversal: nothing outside the client directory, however the path is spelled.
  if (file !== root && !file.startsWith(root + sep)) return notFound(response);

  const isAsset = relative.startsWith('/assets/');
  if (isFile(file)) return sendFile(request, response, file, isAsset ? IMMUTABLE : REVALIDATE);
  if (isAsset) return notFound(response);
  sendFile(request, response, join(root, 'index.html'), REVALIDATE);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function sendFile(request: IncomingMessage, response: ServerResponse, file: string, cacheControl: string): void {
  const size = statSync(file).size;
  response.writeHead(200, {
    'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': size,
    'Cache-Control': cacheControl,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on('error', () => response.destroy());
  stream.pipe(response);
}

function notFound(response: ServerResponse): void {
  response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
  response.end('not found\n');
}
