import { beforeAll, describe, expect, it } from 'vitest';
import { shoot, useApp } from './harness.ts';
import { createAllianceAs, openPartnerWindow, type PartnerWindow } from './pages/partnerWindow.ts';

/**
 * The Overview's "Needs attention" card lists the warning signs in how the partners work together (WARN-1 .. WARN-3)
 * beside what is overdue, and health counts a poor fit (HEALTH-6); the realignment review's form is reached and left
 * by keyboard.
 */
describe('what needs attention', () => {
  const app = useApp();
  let owner: PartnerWindow;

  beforeAll(async () => {
    owner = await openPartnerWindow(app);
    await createAllianceAs(owner, app.url);
  });

  it('WARN-1 .. WARN-3: a trust deficit, an unprotected red line and a poor fit are listed, each with where to act', async () => {
    const { page, ws } = owner;
    await ws.section('Overview');
    const calm = page.getByRole('region', { name: 'On track' });
    await calm.getByText('Nothing needs attention now', { exact: false }).waitFor();

    await ws.section('Trust account');
    await ws.recordTrust('LogiCorp', /Breached an agreement/, 'Shared the route data with a competitor');
    await ws.section('Interest map');
    await ws.addInterest({ partner: 'TechCo', kind: 'Red line', layer: 'Strategic', text: 'Keep our routing algorithm private' });

    // The review: its form takes focus when it opens, Escape closes it and gives focus back to the button.
    await ws.section('Realignment');
    const hold = page.getByRole('button', { name: 'Hold the review' });
    await hold.click();
    await expect.poll(() => page.evaluate('document.activeElement?.id')).toMatch(/^fit-/);
    await page.keyboard.press('Escape');
    await page.getByRole('form', { name: 'Realignment review' }).waitFor({ state: 'detached' });
    await expect.poll(() => page.evaluate('document.activeElement?.textContent')).toBe('Hold the review');
    await page.keyboard.press('Enter');
    const form = page.getByRole('form', { name: 'Realignment review' });
    await form.getByLabel('Fit for LogiCorp').selectOption('2');
    await form.getByRole('button', { name: 'Record the review' }).click();
    // Who recorded the review is on it, for every partner to see.
    await page.getByRole('list', { name: 'Past reviews' }).getByText('recorded by Ada', { exact: false }).waitFor();

    await ws.section('Overview');
    const attention = page.getByRole('region', { name: 'Needs attention' });
    const items = attention.getByRole('listitem');
    await items.filter({ hasText: "LogiCorp's trust balance is -10" }).getByRole('link', { name: 'See the trust account' }).waitFor();
    await items.filter({ hasText: 'A red line is unprotected' }).getByRole('link', { name: 'See the interest map' }).waitFor();
    await items.filter({ hasText: "The last review put LogiCorp's strategic fit at 2 of 5" }).getByRole('link', { name: 'See the reviews' }).waitFor();
    await page.getByText('The last realignment review found a poor strategic fit (LogiCorp 2 of 5)', { exact: false }).waitFor();
    await shoot(page, 'overview-warning-signs');

    await attention.getByRole('link', { name: 'See the interest map' }).click();
    await page.getByRole('navigation', { name: 'Alliance sections' }).getByRole('tab', { name: 'Interest map', selected: true }).waitFor();
  });
});
