import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startRelay, type RunningRelay } from '@trellis/sync-server';

export const CLIENT_DIST = resolve(fileURLToPath(new URL('../../client/dist', import.meta.url)));
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface AppUnderTest {
  relay: RunningRelay;
  url: string;
  browser: Browser;
  /** A fresh browser profile: its own IndexedDB, localStorage and service worker. */
  newContext(options?: { width?: number; height?: number }): Promise<BrowserContext>;
  close(): Promise<void>;
}

/** A fresh browser profile as every test gets one: 1280 × 800 unless told, with the clipboard allowed. */
export async function newBrowserContext(browser: Browser, options: { width?: number; height?: number } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  context.setDefaultTimeout(15_000);
  return context;
}

/** The built app served by a real relay on a free port, and a real Chromium. */
export async function startApp(): Promise<AppUnderTest> {
  if (!existsSync(join(CLIENT_DIST, 'index.html'))) {
    throw new Error('client/dist is missing: run `npm run build` first (npm test does).');
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'trellis-e2e-'));
  const relay = await startRelay({ port: 0, dataDir, clientDir: CLIENT_DIST, log: () => {} });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const contexts: BrowserContext[] = [];
  return {
    relay,
    url: relay.url,
    browser,
    async newContext(options = {}) {
      const context = await newBrowserContext(browser, options);
      contexts.push(context);
      return context;
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => {});
      await browser.close();
      await relay.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The app for the tests of one file (or describe block): started before the first, closed after the last. Its members
 * are read inside tests and hooks, once it has started.
 */
export function useApp(): AppUnderTest {
  let running: AppUnderTest | undefined;
  beforeAll(async () => {
    running = await startApp();
  });
  afterAll(async () => {
    await running?.close();
  });
  const started = (): AppUnderTest => {
    if (!running) throw new Error('The app starts before the first test: use it inside a test or a hook.');
    return running;
  };
  return {
    get relay() {
      return started().relay;
    },
    get url() {
      return started().url;
    },
    get browser() {
      return started().browser;
    },
    newContext: (options) => started().newContext(options),
    close: () => started().close(),
  };
}

/** Where the screenshots of the screens under test go, to be looked at (SHOTS_DIR), or nowhere. */
export const SHOTS = process.env.SHOTS_DIR ?? null;

/**
 * The page as it is now at its width (1280 px unless the test chose another) and at a phone's 360 px, as
 * `<name>-1280.png` and `<name>-360.png`; the page gets its size back after.
 */
export async function shoot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  if (!SHOTS) return;
  const fullPage = options.fullPage ?? true;
  await page.screenshot({ path: `${SHOTS}/${name}-1280.png`, fullPage });
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: 360, height: 740 });
  await page.screenshot({ path: `${SHOTS}/${name}-360.png`, fullPage });
  await page.setViewportSize(size);
}
