import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { startRelay, type RunningRelay } from '@trellis/sync-server';
import { CHROMIUM, CHROMIUM_ARGS, CLIENT_DIST, newBrowserContext, shoot } from './harness.ts';
import { createAllianceAs, openPartnerWindow, type PartnerWindow } from './pages/partnerWindow.ts';

/** Well under y-protocols' 30 s outdated timeout: a partner gone this fast was removed, not timed out. */
const PROMPTLY_MS = 5_000;

/**
 * Walk-through defect 11: the sync status counts edits, says when the relay (not the network) is down, offers
 * "Retry now", and a partner who leaves leaves "Here now" at once. The relay is stopped and started again on its
 * port, so this file runs its own.
 */
describe('the sync status and who is here', () => {
  let dataDir = '';
  let relay: RunningRelay;
  let browser: Browser;
  let owner: PartnerWindow;

  const start = (port = 0) => startRelay({ port, dataDir, clientDir: CLIENT_DIST, log: () => {} });

  const newWindow = () => openPartnerWindow({ newContext: (options) => newBrowserContext(browser, options) });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'trellis-e2e-sync-'));
    relay = await start();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    owner = await newWindow();
    // The owner's timers can be paused later, so that only "Retry now" can reconnect.
    await owner.page.clock.install();
    await createAllianceAs(owner, relay.url);
  });

  afterAll(async () => {
    await browser?.close();
    await relay?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('walk-through defect 11: counts a typed sentence as one edit, and a partner who leaves leaves "Here now" at once', async () => {
    const bo = await newWindow();
    await owner.ws.section('Sharing');
    const link = await owner.ws.createLink('Bo', 'Can edit', 'LogiCorp');
    await bo.page.goto(link);
    // Before Bo gives a name, the others see someone of LogiCorp joining.
    await owner.ws.presence().getByText('Someone joining · LogiCorp').waitFor();
    await bo.ws.introduce('Bo', 'LogiCorp');
    await bo.ws.waitForConnection('Synced');
    await bo.ws.section('Charter');

    await bo.context.setOffline(true);
    await bo.ws.waitForConnection('Offline');
    await bo.ws.appendToCharter('Seventeen letters');
    await bo.ws.waitForConnection('Offline · 1 change not yet on the relay');
    await bo.context.setOffline(false);
    await bo.ws.waitForConnection('Synced');

    const here = owner.ws.presence().getByText('Bo · LogiCorp');
    await here.waitFor();
    // Leaving the page (here, as the browser announces it) takes Bo off at once, though the socket is still open...
    await bo.page.evaluate(() => (globalThis as unknown as EventTarget).dispatchEvent(new Event('pagehide')));
    await here.waitFor({ state: 'detached', timeout: PROMPTLY_MS });
    // ...and coming back from the back/forward cache shows Bo again.
    await bo.page.evaluate(() => {
      const shown = new Event('pageshow');
      Object.defineProperty(shown, 'persisted', { value: true });
      (globalThis as unknown as EventTarget).dispatchEvent(shown);
    });
    await here.waitFor({ timeout: PROMPTLY_MS });
    // Closing the page closes the socket: the relay drops Bo's presence at once.
    await bo.page.close();
    await here.waitFor({ state: 'detached', timeout: PROMPTLY_MS });
  });

  it('walk-through defect 11: a dead relay while online says the relay is unreachable, and "Retry now" reconnects', async () => {
    const port = relay.port;
    // Time stops while the socket is still open, so the backoff's timer never fires: only "Retry now" can reconnect.
    // (Stopping it once the relay is down would fire the pending retry as the clock jumps, and that attempt could get
    // through first if the relay is back by then.)
    const pageNow = await owner.page.evaluate(() => Date.now());
    await owner.page.clock.pauseAt(pageNow + 1_000);
    await relay.close();
    await owner.ws.waitForConnection('Relay unreachable, retrying');
    expect(await owner.ws.connection().getAttribute('aria-label')).not.toMatch(/Offline/);
    const retry = owner.page.getByRole('button', { name: 'Retry now' });
    await retry.waitFor();
    await shoot(owner.page, 'relay-unreachable', { fullPage: false });
    relay = await start(port);
    await retry.click();
    await owner.ws.waitForConnection('Synced');
    expect(await retry.count()).toBe(0);
  });
});
