import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { shoot, useApp } from './harness.ts';
import { createAllianceAs, openPartnerWindow, type PartnerWindow } from './pages/partnerWindow.ts';

/**
 * What opens in place of a control (an inline editor, a confirmation) takes the keyboard's focus, Escape closes it,
 * and focus goes back to the control that opened it, never to the page's body; a form's problem is said in the form.
 */
describe('keyboard in place', () => {
  const app = useApp();
  let owner: PartnerWindow;
  const focused = (page: Page) => page.evaluate('document.activeElement?.id || document.activeElement?.textContent?.trim() || document.activeElement?.tagName');

  beforeAll(async () => {
    owner = await openPartnerWindow(app);
    await createAllianceAs(owner, app.url);
  });

  it('interest map: editing and removing an interest, and a link with nothing chosen', async () => {
    const { page, ws } = owner;
    await ws.section('Interest map');
    await ws.addInterest({ partner: 'TechCo', kind: 'Explicit', layer: 'Strategic', text: 'Grow in Lyon' });
    const item = ws.interestList('TechCo', 'Strategic').getByRole('listitem').filter({ hasText: 'Grow in Lyon' });
    await item.getByRole('button', { name: 'Edit “Grow in Lyon”' }).click();
    await expect.poll(() => focused(page)).toMatch(/^edit-/);
    await page.keyboard.type(' and Grenoble');
    await page.keyboard.press('Escape');
    await expect.poll(() => focused(page)).toMatch(/^edit-interest-/);
    // Escape cancelled: the text is as it was.
    await item.getByText('Grow in Lyon', { exact: true }).waitFor();

    await item.getByRole('button', { name: 'Remove “Grow in Lyon”' }).click();
    await expect.poll(() => focused(page)).toBe('Keep');
    await page.keyboard.press('Escape');
    await expect.poll(() => focused(page)).toMatch(/^remove-interest-/);
    await item.getByText('Grow in Lyon', { exact: true }).waitFor();

    await ws.addInterest({ partner: 'TechCo', kind: 'Red line', layer: 'Strategic', text: 'Keep our algorithm' });
    const linkForm = page.getByRole('form', { name: 'Link two interests' });
    await linkForm.getByRole('button', { name: 'Link interests' }).click();
    await linkForm.getByRole('alert').filter({ hasText: 'Pick two different interests to link.' }).waitFor();
  });

  it('commitments and trust: a confirmation takes focus, Not now or Escape gives it back, and nothing is recorded', async () => {
    const { page, ws } = owner;
    await ws.section('Commitments');
    await page.getByLabel('What').fill('Ship the routing API');
    await page.getByRole('button', { name: 'Add commitment' }).click();
    const open = page.getByRole('list', { name: 'Open commitments' });
    await open.getByRole('button', { name: /^Missed….*Ship the routing API$/ }).click();
    await expect.poll(() => focused(page)).toBe('Not now');
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page)).toMatch(/^missed-/);
    // The delivery record has every partner, one that has promised nothing yet included.
    const record = page.getByRole('table');
    await record.getByRole('row', { name: /^TechCo 0 0 1/ }).waitFor();
    await record.getByRole('row', { name: 'LogiCorp No commitment yet' }).waitFor();

    await ws.section('Trust account');
    await page.getByRole('button', { name: '− Missed a deadline' }).click();
    const confirm = page.getByRole('group', { name: 'Confirm the withdrawal' });
    await confirm.getByText('“Missed a deadline” for', { exact: false }).waitFor();
    await expect.poll(() => focused(page)).toBe('Not now');
    await shoot(page, 'trust-withdrawal-confirm', { fullPage: false });
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached' });
    await expect.poll(() => focused(page)).toBe('trust-kind-deadline-missed');
    await page.getByText('Nothing recorded yet.').waitFor();
    // Confirmed, it is recorded.
    await page.getByRole('button', { name: '− Missed a deadline' }).click();
    await confirm.getByRole('button', { name: 'Record the withdrawal' }).click();
    await ws.trustLog().getByRole('listitem').filter({ hasText: 'Missed a deadline' }).getByText('-3', { exact: true }).waitFor();
  });

  it('the New alliance form closes on Escape and gives focus back to its button', async () => {
    const { page } = owner;
    await page.getByRole('link', { name: '← Your alliances' }).click();
    await page.getByRole('button', { name: 'New alliance' }).click();
    await page.getByLabel('Alliance name').fill('Half-typed');
    await page.keyboard.press('Escape');
    await page.getByRole('form', { name: 'New alliance' }).waitFor({ state: 'detached' });
    await expect.poll(() => focused(page)).toBe('new-alliance-button');
  });
});
