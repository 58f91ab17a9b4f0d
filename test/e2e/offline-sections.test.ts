import { beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { SECTIONS } from '@trellis/shared';
import { useApp } from './harness.ts';
import { PortfolioPage } from './pages/portfolioPage.ts';

/**
 * The workspace, each section and the example are chunks fetched on first use. A device that has opened only the
 * portfolio once must still open all of them with no network: the service worker keeps every chunk, not only the
 * ones the first screen loaded.
 */
describe('every lazily loaded screen opens offline after one visit to the portfolio', () => {
  const app = useApp();
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await app.newContext();
    page = await context.newPage();
  });

  it('tries the example and walks every section by keyboard, offline, from the service worker', async () => {
    const portfolio = new PortfolioPage(page);
    await portfolio.open(app.url);
    await portfolio.waitUntilOfflineReady();
    await page.waitForFunction('navigator.serviceWorker.controller !== null');

    await context.setOffline(true);
    // A fresh page: nothing fetched online stays in memory, so every chunk below comes from the device.
    await page.reload();
    await page.getByRole('heading', { name: 'Your alliances' }).waitFor();
    const scripts: { path: string; fromServiceWorker: boolean }[] = [];
    page.on('response', (response) => {
      const path = new URL(response.url()).pathname;
      if (path.startsWith('/assets/') && path.endsWith('.js')) scripts.push({ path, fromServiceWorker: response.fromServiceWorker() });
    });

    await portfolio.tryExample();
    const tabs = page.getByRole('navigation', { name: 'Alliance sections' });
    await tabs.getByRole('tab', { name: 'Overview', selected: true }).waitFor();
    await tabs.getByRole('tab', { name: 'Overview' }).focus();
    for (const [index, section] of SECTIONS.entries()) {
      if (index > 0) await page.keyboard.press('ArrowRight');
      await page.waitForURL(section === 'overview' ? /#\/a\/[A-Za-z0-9_-]{22}$/ : new RegExp(`/${section}$`));
      // The tab keeps focus while its screen arrives (ARIA tabs, automatic activation).
      expect(await page.evaluate('document.activeElement?.id')).toBe(`tab-${section}`);
      await sectionShown(page, section);
    }

    expect(scripts.length).toBeGreaterThan(SECTIONS.length);
    expect(scripts.filter((s) => !s.fromServiceWorker)).toEqual([]);
    await context.setOffline(false);
  });
});

/** The section's own screen is in its panel: not the place held while it loads, nor the note that it could not. */
async function sectionShown(page: Page, section: string): Promise<void> {
  await page.waitForFunction(
    `(() => {
      const panel = document.getElementById('section-panel');
      return !!panel && panel.getAttribute('aria-labelledby') === 'tab-${section}' &&
        panel.children.length > 1 && !panel.querySelector(':scope > .section-space');
    })()`,
    undefined,
    { timeout: 10_000 },
  );
  expect(await page.locator('#section-panel').getByRole('alert').filter({ hasText: 'could not load' }).count()).toBe(0);
}
