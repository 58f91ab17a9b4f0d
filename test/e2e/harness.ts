import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
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
      const context = await browser.newContext({
        viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
        permissions: ['clipboard-read', 'clipboard-write'],
      });
      context.setDefaultTimeout(15_000);
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
