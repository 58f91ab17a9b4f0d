import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SHOTS, useApp } from './harness.ts';
import { PortfolioPage } from './pages/portfolioPage.ts';
import { createAllianceAs, invitePartner, openPartnerWindow, type PartnerWindow } from './pages/partnerWindow.ts';

/** The command bar (Ctrl/Cmd+K, issue 15): jump to any alliance, section or action, by keyboard, as an ARIA combobox. */

const bar = (page: Page) => page.getByRole('dialog', { name: 'Jump to' });
const field = (page: Page) => bar(page).getByRole('combobox');
const selected = (page: Page) => bar(page).getByRole('option', { selected: true });
const focusedId = (page: Page) => page.evaluate<string>('document.activeElement?.id ?? ""');

describe('the command bar', () => {
  const app = useApp();
  let owner: PartnerWindow;
  let partner: PartnerWindow;

  beforeAll(async () => {
    owner = await openPartnerWindow(app);
    partner = await openPartnerWindow(app);
  });

  it('Ctrl+K opens it on the field; typing filters; Enter on an action opens its section at the form’s first field', async () => {
    const page = owner.page;
    await createAllianceAs(owner, app.url);

    await page.keyboard.press('Control+K');
    await bar(page).waitFor();
    expect(await focusedId(page)).toBe('command-input');
    expect(await field(page).getAttribute('aria-expanded')).toBe('true');
    const listId = await field(page).getAttribute('aria-controls');
    expect(await page.locator(`#${listId}`).getAttribute('role')).toBe('listbox');

    await page.keyboard.type('prop dec');
    expect(await bar(page).getByRole('option').allTextContents()).toEqual([expect.stringMatching(/^Propose a decision/)]);
    expect(await field(page).getAttribute('aria-activedescendant')).toBe(await selected(page).getAttribute('id'));
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/command-bar-1280.png` });
    await page.keyboard.press('Enter');
    await bar(page).waitFor({ state: 'detached' });
    await page.waitForURL(/\/decisions$/);
    await page.waitForFunction("document.activeElement?.id === 'decision-title'");
  });

  it('arrow keys move through the matches (wrapping) and Enter opens the one chosen; Tab stays in the bar', async () => {
    const page = owner.page;
    await page.keyboard.press('Control+K');
    await page.keyboard.type('trust');
    await expect.poll(() => bar(page).getByRole('option').allTextContents()).toEqual([expect.stringMatching(/^Trust account/), expect.stringMatching(/^Record a deposit or a withdrawal/)]);
    expect(await selected(page).textContent()).toMatch(/^Trust account/);
    await page.keyboard.press('ArrowDown');
    expect(await selected(page).textContent()).toMatch(/^Record a deposit or a withdrawal/);
    await page.keyboard.press('ArrowDown');
    expect(await selected(page).textContent()).toMatch(/^Trust account/);
    await page.keyboard.press('ArrowUp');
    expect(await field(page).getAttribute('aria-activedescendant')).toBe(await selected(page).getAttribute('id'));
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('command-input');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/trust$/);
    await page.waitForFunction("document.activeElement?.id === 'trust-partner'");
  });

  it('"Hold the realignment review" opens the review form and puts the keyboard in it', async () => {
    const page = owner.page;
    await page.keyboard.press('Control+K');
    await page.keyboard.type('hold the realignment');
    await expect.poll(() => selected(page).textContent()).toMatch(/^Hold the realignment review/);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/realignment$/);
    await page.getByRole('form', { name: 'Realignment review' }).waitFor();
    await page.waitForFunction("document.activeElement?.id === 'review-notes'");
  });

  it('Escape closes it and gives focus back to where it was', async () => {
    const page = owner.page;
    const tab = page.getByRole('tab', { name: 'Trust account' });
    await tab.focus();
    await page.keyboard.press('Control+K');
    await bar(page).waitFor();
    await page.keyboard.press('Escape');
    await bar(page).waitFor({ state: 'detached' });
    expect(await tab.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    // The button in the app bar opens it too, and Escape returns to the button.
    const button = page.getByRole('button', { name: 'Jump to…' });
    await button.click();
    await bar(page).waitFor();
    await page.keyboard.press('Escape');
    expect(await button.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
  });

  it('jumps to another alliance and to a section by name, from the portfolio too', async () => {
    const page = owner.page;
    await new PortfolioPage(page).tryExampleAs(app.url, 'Ada');
    await page.keyboard.press('Control+K');
    await page.keyboard.type('harbour');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Harbour Freight' }).waitFor();
    await page.keyboard.press('Control+K');
    await page.keyboard.type('exit');
    await page.keyboard.press('Enter');
    await page.getByRole('tab', { name: 'Exit plan', selected: true }).waitFor();
    // "New alliance" opens the portfolio's form at its first field.
    await page.keyboard.press('Control+K');
    await page.keyboard.type('new all');
    await page.keyboard.press('Enter');
    await page.waitForFunction("document.activeElement?.id === 'alliance-name'");
  });

  it('shows an action this link may not take as unavailable, with the reason, and does not take it', async () => {
    const page = owner.page;
    await page.keyboard.press('Control+K');
    await page.keyboard.type('harbour');
    await page.keyboard.press('Enter');
    await invitePartner(owner, partner, { displayName: 'Bo', organization: 'LogiCorp' });
    await partner.page.keyboard.press('Control+K');
    await partner.page.keyboard.type('share');
    const share = bar(partner.page).getByRole('option', { name: /^Share links/ });
    expect(await share.getAttribute('aria-disabled')).toBe('true');
    await share.getByText('Only an owner link can share or revoke links.').waitFor();
    if (SHOTS) {
      await partner.page.setViewportSize({ width: 360, height: 740 });
      await partner.page.screenshot({ path: `${SHOTS}/command-bar-360.png` });
      await partner.page.setViewportSize({ width: 1280, height: 800 });
    }
    const before = partner.page.url();
    await partner.page.keyboard.press('Enter');
    await bar(partner.page).getByRole('alert').filter({ hasText: 'Share links: Only an owner link can share or revoke links.' }).waitFor();
    expect(partner.page.url()).toBe(before);
    // What a partner's link may do is on offer, in its own name.
    await field(partner.page).fill('propose');
    expect(await bar(partner.page).getByRole('option', { name: /^Propose a decision/ }).getAttribute('aria-disabled')).toBe('false');
  });
});
