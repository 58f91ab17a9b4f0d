import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startApp, type AppUnderTest } from './harness.ts';
import { PortfolioPage } from './pages/portfolioPage.ts';
import { MethodPage } from './pages/methodPage.ts';

/** The worked example's charter with its appendices, downloaded as Markdown and shown as a print view. */
describe('exporting the charter', () => {
  let app: AppUnderTest;
  let page: Page;

  beforeAll(async () => {
    app = await startApp();
    page = await (await app.newContext()).newPage();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('downloads the worked example as Markdown with every appendix, and shows the same document to print', async () => {
    const portfolio = new PortfolioPage(page);
    await portfolio.open(app.url);
    await portfolio.tryExample();
    const dialog = page.getByRole('dialog', { name: /^Join / });
    await dialog.getByLabel('Your name').fill('Amira');
    await dialog.getByRole('button', { name: 'Continue' }).click();

    const method = new MethodPage(page);
    await method.section('Export');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download Markdown (.md)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^green-last-mile-charter-\d{4}-\d{2}-\d{2}\.md$/);
    const markdown = await readFile((await download.path())!, 'utf8');

    expect(markdown.startsWith('# Green Last Mile\n')).toBe(true);
    for (const heading of [
      '## Governance charter',
      '## Decision-making',
      '## Appendix A — Partners',
      '## Appendix B — Interest map',
      '## Appendix C — Governance rules',
      '## Appendix D — Mutual exit plan',
      '## Appendix E — Trust account',
    ]) {
      expect(markdown).toContain(heading);
    }
    expect(markdown).toMatch(/\| GreenAlliance \| 20 \| yes \| active/);
    expect(markdown).toContain('| Routing algorithms | TechCo | Stay with TechCo; a licence runs for the notice period |');
    expect(markdown).toContain('- Lead partner: LogiCorp');
    expect(markdown).toContain('Its label is never used for greenwashing');

    // The print view is the same document, rendered.
    const view = page.getByRole('article', { name: 'Print view of Green Last Mile' });
    await view.getByRole('heading', { name: 'Appendix D — Mutual exit plan' }).waitFor();
    await view.getByRole('cell', { name: 'Routing algorithms' }).waitFor();
    // Printing hides the app around it.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('navigation', { name: 'Alliance sections' }).isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Download Markdown (.md)' }).isVisible()).toBe(false);
    expect(await view.isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
  });
});
