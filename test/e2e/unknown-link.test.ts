import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { formatAllianceLink, newAllianceId, newSecret } from '@trellis/shared';
import { shoot, useApp } from './harness.ts';
import { PortfolioPage } from './pages/portfolioPage.ts';
import { createAllianceAs, openPartnerLink, openPartnerWindow, type PartnerWindow } from './pages/partnerWindow.ts';

/** The IndexedDB databases of a browser profile: a local copy of an alliance is one named after its id. */
async function databases(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const idb = (globalThis as unknown as { indexedDB: { databases(): Promise<{ name?: string }[]> } }).indexedDB;
    return (await idb.databases()).map((d) => d.name ?? '');
  });
}

/**
 * Walk-through defect 8: a link that opens nothing says so plainly and leaves nothing behind, and every alliance on
 * the portfolio can be removed from the device, after saying what that costs.
 */
describe('links that open nothing, and removing an alliance from this device', () => {
  const app = useApp();
  let owner: PartnerWindow;
  let allianceId = '';

  beforeAll(async () => {
    owner = await openPartnerWindow(app);
    allianceId = await createAllianceAs(owner, app.url);
  });

  it('walk-through defect 8: an unknown link says the relay does not know it, and keeps nothing', async () => {
    const stranger = await openPartnerWindow(app);
    const unknownId = newAllianceId();
    await stranger.page.goto(formatAllianceLink(app.url, unknownId, newSecret()));
    await stranger.page.getByRole('heading', { name: 'This link does not open an alliance' }).waitFor();
    const main = stranger.page.getByRole('main');
    await main.getByText('The relay does not know this link: it may be mistyped or cut short, or the alliance was removed. Nothing of it was downloaded, and this device keeps nothing of it.').waitFor();
    const said = await main.innerText();
    expect(said).not.toMatch(/Joined alliance|read-only|copy on this device stays/i);
    // Nothing kept, so nothing to say is saved, no sections to open, nobody here.
    expect(await stranger.page.getByRole('status', { name: /on this device$/ }).count()).toBe(0);
    expect(await stranger.page.getByRole('tablist', { name: 'Alliance sections' }).count()).toBe(0);
    expect(await stranger.page.getByRole('region', { name: 'Here now' }).count()).toBe(0);
    await shoot(stranger.page, 'unknown-link');

    await stranger.page.getByRole('link', { name: 'Back to your alliances' }).click();
    await stranger.page.getByRole('heading', { name: 'No alliances on this device yet' }).waitFor();
    expect(await databases(stranger.page)).not.toContain(unknownId);
  });

  it('walk-through defect 8: a link revoked before it was ever opened says so, and keeps nothing', async () => {
    await owner.m.section('Sharing');
    const link = await owner.ws.createLink('Bo', 'Can edit', 'LogiCorp');
    await owner.ws.revokeLink('Bo');
    const bo = await openPartnerWindow(app);
    await bo.page.goto(link);
    await bo.page.getByRole('heading', { name: 'This link was revoked' }).waitFor();
    await bo.page.getByRole('main').getByText(/^This link was revoked by the alliance owner\. Nothing of it was downloaded.*Ask a partner for a new link\.$/).waitFor();
    await new PortfolioPage(bo.page).open(app.url);
    await bo.page.getByRole('heading', { name: 'No alliances on this device yet' }).waitFor();
    expect(await databases(bo.page)).not.toContain(allianceId);
  });

  it('walk-through defect 8: every card on the portfolio can be removed from this device, asked first', async () => {
    await owner.m.section('Sharing');
    const link = await owner.ws.createLink('Cy', 'Can edit', 'LogiCorp');
    const cy = await openPartnerWindow(app);
    await openPartnerLink(cy, link, 'Cy', 'LogiCorp');
    // A link opened offline: a card with nothing on the device yet.
    await new PortfolioPage(cy.page).open(app.url);
    await cy.context.setOffline(true);
    const elsewhere = newAllianceId();
    await cy.page.goto(formatAllianceLink(app.url, elsewhere, newSecret()));
    await cy.page.getByRole('link', { name: '← Your alliances' }).click();
    const portfolio = new PortfolioPage(cy.page);
    await portfolio.alliance('Alliance from a link').getByText(/^Not on this device yet/).waitFor();

    // Asked first, saying what it costs; "Keep it" keeps it.
    await cy.page.getByRole('button', { name: 'Remove from this device… Harbour Freight' }).click();
    const confirm = cy.page.getByRole('group', { name: 'Confirm removing Harbour Freight from this device' });
    await confirm.getByText('Its copy on this device is deleted; the relay and your partners keep theirs.').waitFor();
    await shoot(cy.page, 'portfolio-remove');
    await confirm.getByRole('button', { name: 'Keep it' }).click();
    await portfolio.alliance('Harbour Freight').waitFor();
    expect(await databases(cy.page)).toContain(allianceId);

    await cy.page.getByRole('button', { name: 'Remove from this device… Harbour Freight' }).click();
    await confirm.getByRole('button', { name: 'Remove from this device' }).click();
    await cy.page.getByRole('status').filter({ hasText: '“Harbour Freight” was removed from this device.' }).waitFor({ state: 'attached' });
    await portfolio.alliance('Harbour Freight').waitFor({ state: 'detached' });
    expect(await databases(cy.page)).not.toContain(allianceId);

    await cy.page.getByRole('button', { name: 'Remove from this device… Alliance from a link' }).click();
    const forget = cy.page.getByRole('group', { name: 'Confirm removing Alliance from a link from this device' });
    await forget.getByText('Nothing of it is on this device yet: removing it forgets the link.').waitFor();
    await forget.getByRole('button', { name: 'Remove from this device' }).click();
    await cy.page.getByRole('heading', { name: 'No alliances on this device yet' }).waitFor();
    await cy.context.setOffline(false);
    // The partners' and the relay's copies stay: the owner still has everything.
    await owner.ws.waitForConnection('Synced');
  });
});
