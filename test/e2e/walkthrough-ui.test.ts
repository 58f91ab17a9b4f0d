import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { useApp, type AppUnderTest } from './harness.ts';
import { PortfolioPage } from './pages/portfolioPage.ts';
import { openSection, SECTION_NAMES } from './pages/workspacePage.ts';

/** The defects a user's walk-through found (issue 15) in layout, time, field messages and the section bar; one test each. */

const LONG_NAME = 'Unbroken'.repeat(25); // 200 characters, no space to wrap at
const SEVEN = ['LogiCorp', 'GreenAlliance', 'Fjord Freight', 'Portside', 'Urban Vans', LONG_NAME];

/** Amira tries the worked example. */
async function tryExample(app: AppUnderTest, page: Page): Promise<void> {
  await new PortfolioPage(page).tryExampleAs(app.url, 'Amira');
}

const pageWidth = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth');

/** Whether two boxes overlap, in page coordinates (so a fixed box is compared where it is drawn now). */
async function overlaps(a: Locator, b: Locator): Promise<boolean> {
  const [ra, rb] = [await a.boundingBox(), await b.boundingBox()];
  if (!ra || !rb) return false;
  return ra.x < rb.x + rb.width && rb.x < ra.x + ra.width && ra.y < rb.y + rb.height && rb.y < ra.y + ra.height;
}

describe('the walk-through’s defects in layout, time and messages (issue 15)', () => {
  const app = useApp();

  it('defect 1: the trust chart and its legend show a new deposit at once, not at the next tick of the clock', async () => {
    const page = await (await app.newContext()).newPage();
    await tryExample(app, page);
    await openSection(page, 'Trust account');
    const legend = page.getByRole('figure').getByRole('listitem').filter({ hasText: 'TechCo' });
    await legend.filter({ hasText: /TechCo 9$/ }).waitFor();
    await page.getByLabel('Whose act').selectOption({ label: 'TechCo (yours)' });
    await page.getByRole('button', { name: '+ Shared information early' }).click();
    await page.getByRole('status').filter({ hasText: 'recorded for TechCo' }).waitFor();
    // Well inside the clock's 30 s tick: the legend and the chart's summary already count the deposit.
    await legend.filter({ hasText: /TechCo 11$/ }).waitFor({ timeout: 5_000 });
    await page.getByRole('img', { name: /TechCo: 11 points/ }).waitFor({ timeout: 5_000 });
  });

  it('defect 1: the portfolio’s "overdue" follows the app’s clock while it is open', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    await page.clock.install();
    await tryExample(app, page);
    const portfolio = new PortfolioPage(page);
    await portfolio.open(app.url);
    const card = portfolio.alliance('Green Last Mile');
    await card.getByText('Next review').waitFor();
    expect(await card.getByText('(overdue)').count()).toBe(0);
    // The example's next review is about half a year away; a year later, without reloading, it is overdue.
    await page.clock.fastForward(365 * 86_400_000);
    await card.getByText(/\(overdue\)/).waitFor({ timeout: 5_000 });
  });

  it('defect 5: at 360 px no screen of the example is wider than the phone', async () => {
    const page = await (await app.newContext({ width: 360, height: 800 })).newPage();
    await tryExample(app, page);
    const tooWide: string[] = [];
    for (const name of SECTION_NAMES) {
      await openSection(page, name);
      await page.waitForTimeout(150);
      const width = await pageWidth(page);
      if (width > 360) tooWide.push(`${name}: ${width} px`);
    }
    expect(tooWide).toEqual([]);
  });

  it('defect 5: 200-character unbroken names and long interest text stay inside 360 px and their cards', async () => {
    const page = await (await app.newContext({ width: 360, height: 800 })).newPage();
    const portfolio = new PortfolioPage(page);
    await portfolio.open(app.url);
    await portfolio.createAlliance({ name: LONG_NAME, organization: 'TechCo', partners: SEVEN, displayName: 'Ada' });
    await openSection(page, 'Interest map');
    const form = page.getByRole('form', { name: 'Add an interest' });
    await form.getByLabel('Interest', { exact: true }).fill('Keep-control-of-the-routing-data-and-the-customer-relationship-'.repeat(4));
    await form.getByRole('button', { name: 'Add interest' }).click();
    const item = page.getByRole('list', { name: 'TechCo — Strategic interests' }).getByRole('listitem');
    await item.waitFor();
    expect(await item.evaluate((li) => li.scrollWidth <= li.clientWidth)).toBe(true);
    expect(await pageWidth(page)).toBe(360);
    for (const name of ['Overview', 'Trust account', 'Governance', 'Sharing'] as const) {
      await openSection(page, name);
      expect(await pageWidth(page), name).toBe(360);
    }
    await portfolio.open(app.url);
    await portfolio.alliance('Unbroken').getByRole('heading').waitFor();
    expect(await pageWidth(page)).toBe(360);
  });

  it('defect 5: with 7 partners the interest map says it scrolls sideways, and scrolls by keyboard', async () => {
    const page = await (await app.newContext({ width: 1280, height: 800 })).newPage();
    const portfolio = new PortfolioPage(page);
    await portfolio.open(app.url);
    await portfolio.createAlliance({ name: 'Seven partners', organization: 'TechCo', partners: SEVEN, displayName: 'Ada' });
    await openSection(page, 'Interest map');
    await page.getByText('7 partners side by side: scroll sideways to see them all').waitFor();
    const map = page.getByRole('region', { name: 'Interests per partner' });
    const more = page.getByTitle('Scroll right');
    expect(await more.isVisible()).toBe(true);
    await map.focus();
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowRight');
    await map.evaluate((box) => (box.scrollLeft = box.scrollWidth));
    await page.getByTitle('Scroll left').waitFor();
    await more.waitFor({ state: 'detached' });
  });

  it('defect 5: on a phone the section bar shows that more sections are off to the side', async () => {
    const page = await (await app.newContext({ width: 360, height: 800 })).newPage();
    await tryExample(app, page);
    const nav = page.getByRole('navigation', { name: 'Alliance sections' });
    expect(await nav.getByTitle('Scroll right').isVisible()).toBe(true);
    await openSection(page, 'Activity');
    await nav.getByTitle('Scroll left').waitFor();
    await nav.getByTitle('Scroll right').waitFor({ state: 'detached' });
  });

  it('defect 5: the sync status covers no content, wherever the page is scrolled', async () => {
    for (const width of [1280, 360]) {
      const page = await (await app.newContext({ width, height: 700 })).newPage();
      await tryExample(app, page);
      await openSection(page, 'Governance');
      const badge = page.getByRole('status', { name: /^Connection:/ });
      const content = page.getByRole('tabpanel');
      const height = await page.evaluate<number>('document.documentElement.scrollHeight');
      for (const y of [0, height / 3, height / 2, height]) {
        await page.evaluate(`window.scrollTo(0, ${y})`);
        expect(await overlaps(badge, content), `${width} px, scrolled to ${y}`).toBe(false);
      }
    }
  });

  it('defect 6: a quorum of 150 % is refused beside the field, in %, and the field says nothing was saved', async () => {
    const page = await (await app.newContext()).newPage();
    await tryExample(app, page);
    await openSection(page, 'Governance');
    const quorum = page.getByLabel('Quorum');
    await quorum.fill('150');
    await quorum.press('Tab');
    const problem = page.getByRole('alert').filter({ hasText: 'Quorum must be from 1 to 100 %.' });
    await problem.waitFor();
    expect(await problem.textContent()).toContain('Nothing was saved: it stays at 67 %.');
    expect(await quorum.getAttribute('aria-invalid')).toBe('true');
    expect(await quorum.getAttribute('aria-describedby')).toBe(await problem.getAttribute('id'));
    expect(await problem.isVisible()).toBe(true);
    expect(await page.getByText(/0\.01|DocumentError/).count()).toBe(0);
    // Nothing was proposed or stored.
    expect(await page.getByRole('button', { name: /^Propose/ }).count()).toBe(0);
    await quorum.fill('67');
    await quorum.press('Tab');
    await problem.waitFor({ state: 'detached' });
  });

  it('defect 6: a partner name over 200 characters names its line, beside the field, never a class name', async () => {
    const page = await (await app.newContext()).newPage();
    const portfolio = new PortfolioPage(page);
    await portfolio.open(app.url);
    await page.getByRole('button', { name: 'New alliance' }).click();
    await page.getByLabel('Alliance name').fill('Too long');
    await page.getByLabel('Your organization').fill('TechCo');
    await page.getByLabel('Your name').fill('Ada');
    const partners = page.getByLabel('Other partner organizations');
    await partners.fill(['LogiCorp', 'x'.repeat(214), 'Fjord'].join('\n'));
    await page.getByRole('button', { name: 'Create alliance' }).click();
    const problem = page.getByRole('alert').filter({ hasText: 'Line 2 is 214 characters long; a partner name may be at most 200.' });
    await problem.waitFor();
    expect(await partners.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByText(/DocumentError/).count()).toBe(0);
    expect(page.url()).not.toContain('#/a/');
  });

  it('defect 13: "Add interest" with empty text says the interest is missing', async () => {
    const page = await (await app.newContext()).newPage();
    await tryExample(app, page);
    await openSection(page, 'Interest map');
    const form = page.getByRole('form', { name: 'Add an interest' });
    await form.getByRole('button', { name: 'Add interest' }).click();
    const problem = form.getByRole('alert').filter({ hasText: 'The interest is empty' });
    await problem.waitFor();
    expect(await form.getByLabel('Interest', { exact: true }).getAttribute('aria-invalid')).toBe('true');
  });

  it('defect 13: "Create link" with no recipient says who is missing', async () => {
    const page = await (await app.newContext()).newPage();
    await tryExample(app, page);
    await openSection(page, 'Sharing');
    const form = page.getByRole('form', { name: 'New link' });
    await form.getByRole('button', { name: 'Create link' }).click();
    await form.getByRole('alert').filter({ hasText: 'Say who this link is for' }).waitFor();
    expect(await form.getByLabel('For whom').getAttribute('aria-invalid')).toBe('true');
  });

  it('the section bar is an ARIA tab list: arrow keys, Home and End move along it and open the section', async () => {
    const page = await (await app.newContext()).newPage();
    await tryExample(app, page);
    const bar = page.getByRole('tablist', { name: 'Alliance sections' });
    const overview = bar.getByRole('tab', { name: 'Overview', selected: true });
    await overview.focus();
    await page.keyboard.press('ArrowRight');
    await bar.getByRole('tab', { name: 'Charter', selected: true }).waitFor();
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Charter');
    expect(page.url()).toMatch(/\/charter$/);
    expect(await page.getByRole('tabpanel', { name: 'Charter' }).count()).toBe(1);
    await page.keyboard.press('End');
    await bar.getByRole('tab', { name: 'Activity', selected: true }).waitFor();
    await page.keyboard.press('ArrowRight');
    await bar.getByRole('tab', { name: 'Overview', selected: true }).waitFor();
    await page.keyboard.press('ArrowLeft');
    await bar.getByRole('tab', { name: 'Activity', selected: true }).waitFor();
    await page.keyboard.press('Home');
    await bar.getByRole('tab', { name: 'Overview', selected: true }).waitFor();
    // One tab stop for the whole bar.
    expect(await bar.locator('[tabindex="0"]').count()).toBe(1);
  });

  it('the free-rider flag is explained on screen, not only in a tooltip', async () => {
    const page = await (await app.newContext({ width: 360, height: 800 })).newPage();
    await tryExample(app, page);
    await openSection(page, 'Trust account');
    const why = page.getByText(/LogiCorp made no deposit and delivered no commitment in the last 8 weeks/);
    await why.waitFor();
    expect(await why.isVisible()).toBe(true);
  });
});
