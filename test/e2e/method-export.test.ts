import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { shoot, useApp } from './harness.ts';
import { PortfolioPage } from './pages/portfolioPage.ts';
import { MethodPage } from './pages/methodPage.ts';

/** The worked example's charter with its appendices, downloaded as Markdown and shown as a print view. */
describe('exporting the charter', () => {
  const app = useApp();
  let page: Page;

  beforeAll(async () => {
    page = await (await app.newContext()).newPage();
  });

  it('downloads the worked example as Markdown with every appendix, and shows the same document to print', async () => {
    await new PortfolioPage(page).tryExampleAs(app.url, 'Amira');

    const method = new MethodPage(page);
    await method.section('Export');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download Markdown (.md)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^green-last-mile-charter-\d{4}-\d{2}-\d{2}\.md$/);
    const markdown = await readFile((await download.path())!, 'utf8');

    expect(markdown.startsWith('# Green Last Mile\n')).toBe(true);
    for (const heading of [
      '## Governance charter',
      '### Decision-making',
      '## Appendix A — Partners',
      '## Appendix B — Interest map',
      '## Appendix C — Governance rules',
      '## Appendix D — Mutual exit plan',
      '## Appendix E — Trust account',
      '## Appendix F — Realignment',
      '### Reviews held',
      '## Appendix G — Decisions log',
      '## Appendix H — Commitments',
      '## Appendix I — Check-ins',
    ]) {
      expect(markdown).toContain(`\n${heading}\n`);
    }
    expect(markdown).toMatch(/\| GreenAlliance \| 20 \| yes \| active/);
    expect(markdown).toContain('| Routing algorithms | TechCo | Stay with TechCo; a licence runs for the notice period |');
    expect(markdown).toContain('- Lead partner: LogiCorp');
    expect(markdown).toContain('Its label is never used for greenwashing');

    // The print view is the same document, rendered.
    const view = page.getByRole('article', { name: 'Print view of Green Last Mile' });
    await view.getByRole('heading', { name: 'Appendix D — Mutual exit plan' }).waitFor();
    await view.getByRole('cell', { name: 'Routing algorithms' }).waitFor();
    // Walk-through defect 12: the charter's title and its sections have distinct levels, and the records are there.
    await view.getByRole('heading', { name: 'Governance charter', level: 3 }).waitFor();
    await view.getByRole('heading', { name: 'Decision-making', level: 4 }).waitFor();
    await view.getByRole('heading', { name: 'Appendix G — Decisions log', level: 3 }).waitFor();
    await view.getByRole('cell', { name: 'Deliver the pilot routing build' }).waitFor();
    await shoot(page, 'export');
    // Printing hides the app around it.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('navigation', { name: 'Alliance sections' }).isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Download Markdown (.md)' }).isVisible()).toBe(false);
    expect(await view.isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
  });
});
