import { beforeAll, describe, expect, it } from 'vitest';
import { shoot, useApp } from './harness.ts';
import { createAllianceAs, openPartnerWindow, type PartnerWindow } from './pages/partnerWindow.ts';

/**
 * Light mode (AUDIT-5): a one-page agreement for a small or short alliance. The Charter section says which mode the
 * alliance uses and whether it still fits; an owner switches to the full charter once it has outgrown light mode,
 * and the audit then asks for every essential. Governance does not call a one-page agreement's omissions missing.
 */
describe('light mode', () => {
  const app = useApp();
  let owner: PartnerWindow;

  beforeAll(async () => {
    owner = await openPartnerWindow(app);
    await createAllianceAs(owner, app.url, { name: 'Pop-up Pilot', organization: 'TechCo', partners: ['LogiCorp'], displayName: 'Ada', mode: 'light' });
  });

  it('AUDIT-5: says light mode fits two partners, flags it once a third joins, and an owner switches to the full charter', async () => {
    const { page, ws } = owner;
    const audit = page.getByRole('complementary', { name: 'Charter audit' });
    const mode = audit.getByRole('region', { name: 'Light mode' });
    await mode.getByText('A one-page agreement (decision-making, communication, exit)', { exact: false }).waitFor();
    expect(await mode.getByText(/has outgrown light mode/).count()).toBe(0);
    await audit.getByText('3 of 3 essentials covered', { exact: false }).waitFor();

    await ws.section('Governance');
    const checks = page.getByRole('list', { name: 'Charter audit for governance' });
    await checks.getByText('Escalation path: not asked of a one-page agreement (light mode)').waitFor();
    expect(await checks.getByText(/missing from the charter/).count()).toBe(0);

    // A third partner: light mode no longer fits.
    await ws.section('Sharing');
    await page.getByLabel('Organization name').fill('Green Freight');
    await page.getByRole('button', { name: 'Add partner' }).click();
    await page.getByRole('status').filter({ hasText: 'Green Freight' }).first().waitFor();
    await ws.section('Charter');
    await mode.getByText('This alliance has outgrown light mode: 3 partners are in it', { exact: false }).waitFor();
    await shoot(page, 'light-mode-outgrown');

    await mode.getByRole('button', { name: 'Switch to the full charter' }).click();
    const full = audit.getByRole('region', { name: 'Full charter' });
    await full.waitFor();
    // The audit now asks for every essential, and the text is as it was.
    await audit.getByText('of 9 essentials covered', { exact: false }).waitFor();
    await ws.waitForCharterText('Decision-making');
    expect(await page.getByText('Light mode', { exact: true }).count()).toBe(0);
    // Three partners and no end date: light mode is not offered back.
    expect(await full.getByRole('button', { name: 'Switch to light mode' }).count()).toBe(0);
    await ws.section('Governance');
    await checks.getByText('Escalation path: missing from the charter').waitFor();
  });
});
