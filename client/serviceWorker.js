/*
 * Trellis service worker: keeps the app shell so that a reload with no network opens the portfolio
 * and every alliance on this device (their data is in IndexedDB, not here).
 * - index.html (navigations): network first, cached copy when offline
 * - /assets/* (content-hashed, immutable): cache first
 * - /api and /sync are never cached: they are the relay, and carry secrets in headers.
 */
// The build writes its own version here (vite.config.ts): a new build is a new worker, which the browser
// installs, precaching the new build's files; its activation drops the former build's cache.
const CACHE = 'trellis-shell-__TRELLIS_BUILD__';
const SHELL = '/index.html';

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.add(new Request(SHELL, { cache: 'reload' }));
      // Every built file, including the charter editor chunk that loads later.
      try {
        const response = await fetch('/app-shell.json', { cache: 'no-store' });
        const { files } = await response.json();
        if (Array.isArray(files)) await cache.addAll(files.filter((f) => typeof f === 'string' && f.startsWith('/assets/')));
      } catch (error) {
        console.warn('Trellis: could not precache every asset', error);
      }
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api') || url.pathname.startsWith('/sync')) return;

  if (request.mode === 'navigate' || url.pathname === '/' || url.pathname === SHELL) {
    event.respondWith(networkFirst(request));
  } else if (url.pathname.startsWith('/assets/')) {
    event.respondWith(cacheFirst(request));
  }
});

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && response.type === 'basic') await cache.put(SHELL, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(SHELL);
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') await cache.put(request, response.clone());
  return response;
}
