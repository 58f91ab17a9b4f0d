import { beforeAll, describe, expect, it } from 'vitest';
import { shoot, useApp } from './harness.ts';
import { PortfolioPage } from './pages/portfolioPage.ts';
import { openPartnerLink, openPartnerWindow, type PartnerWindow } from './pages/partnerWindow.ts';

/**
 * The built app, served by the real relay, in real Chromium: two organizations co-edit an alliance,
 * one goes offline and both keep working, links are shared, viewed and revoked.
 */
describe('Trellis in the browser', () => {
  const app = useApp();
  let owner: PartnerWindow;
  let partner: PartnerWindow;
  let partnerLink = '';

  beforeAll(async () => {
    owner = await openPartnerWindow(app);
    partner = await openPartnerWindow(app);
  });

  it('creates an alliance, registers it with the relay and shares an edit link', async () => {
    const portfolio = new PortfolioPage(owner.page);
    await portfolio.open(app.url);
    await owner.page.getByRole('heading', { name: 'No alliances on this device yet' }).waitFor();
    await portfolio.createAlliance({ name: 'Harbour Freight', organization: 'TechCo', partners: ['LogiCorp'], displayName: 'Ada' });
    // The charter starts from the full template.
    await owner.ws.waitForCharterText('Escalation path');
    await owner.ws.waitForConnection('Synced');

    await owner.ws.section('Sharing');
    partnerLink = await owner.ws.createLink('LogiCorp', 'Can edit', 'LogiCorp');
    expect(partnerLink).toMatch(/#\/a\/[A-Za-z0-9_-]{22}\?key=[A-Za-z0-9_-]{43}&role=edit$/);
  });

  it('joins by link, keeps the key out of the address bar, and co-edits the charter with named cursors', async () => {
    await openPartnerLink(partner, partnerLink, 'Bo', 'LogiCorp');
    expect(partner.page.url()).not.toContain('key=');

    await partner.ws.section('Charter');
    await owner.ws.section('Charter');
    await owner.ws.appendToCharter('Owner clause: TechCo hosts the routing platform.');
    await partner.ws.waitForCharterText('Owner clause: TechCo hosts the routing platform.');
    await partner.ws.appendToCharter('Partner clause: LogiCorp runs the depots.');
    await owner.ws.waitForCharterText('Partner clause: LogiCorp runs the depots.');

    // Each sees the other's caret, labelled with their name, and who is here.
    await owner.page.locator('.collaboration-carets__label', { hasText: 'Bo' }).waitFor();
    await partner.page.locator('.collaboration-carets__label', { hasText: 'Ada' }).waitFor();
    await owner.ws.presence().getByText('Bo · LogiCorp').waitFor();
    // Back to the charter from another section: the carets already there show before anyone moves.
    await partner.ws.section('Overview');
    await partner.ws.section('Charter');
    await partner.ws.waitForCharterText('Partner clause: LogiCorp runs the depots.');
    await partner.page.locator('.collaboration-carets__label', { hasText: 'Ada' }).waitFor();
    await shoot(partner.page, 'charter-named-carets', { fullPage: false });
  });

  it('keeps working offline on both sides and converges when the partner comes back', async () => {
    await owner.ws.section('Interest map');
    await owner.ws.addInterest({ partner: 'TechCo', kind: 'Explicit', layer: 'Strategic', text: 'Route every depot through our platform' });
    await partner.ws.section('Interest map');
    await partner.ws.interestList('TechCo', 'Strategic').getByText('Route every depot through our platform').waitFor();
    await partner.context.setOffline(true);
    await partner.ws.waitForConnection(/^Connection: Offline/);
    await partner.ws.section('Charter');
    await owner.ws.section('Charter');

    await partner.ws.appendToCharter('Offline partner edit.');
    await owner.ws.appendToCharter('Online owner edit.');

    await partner.ws.section('Interest map');
    await partner.ws.addInterest({ partner: 'LogiCorp', kind: 'Red line', layer: 'Strategic', text: 'Keep our depot network exclusive' });
    // AUTH-5: the new red line linked to TechCo's interest, both in the one update the reconnect sends.
    await partner.ws.linkInterests('LogiCorp · Red line · Keep our depot network exclusive', 'conflicts with', 'TechCo · Explicit · Route every depot through our platform', 'Which depots does the platform reach?');
    await owner.ws.section('Interest map');
    await owner.ws.addInterest({ partner: 'TechCo', kind: 'Explicit', layer: 'Operational', text: 'Weekly releases with fleet feedback' });

    await partner.ws.section('Trust account');
    await partner.ws.recordTrust('TechCo', /Acknowledged a contribution/, 'Thanks for the route fix');
    await owner.ws.section('Trust account');
    await owner.ws.recordTrust('LogiCorp', /Shared information early/, 'Flagged the strike early');

    await partner.ws.waitForConnection(/changes? not yet on the relay/);

    await partner.context.setOffline(false);
    await partner.ws.waitForConnection('Synced');

    for (const side of [owner, partner]) {
      await side.ws.trustLog().getByText('Thanks for the route fix').waitFor();
      await side.ws.trustLog().getByText('Flagged the strike early').waitFor();
      await side.ws.section('Interest map');
      await side.ws.interestList('LogiCorp', 'Strategic').getByText('Keep our depot network exclusive').waitFor();
      await side.ws.interestList('TechCo', 'Operational').getByText('Weekly releases with fleet feedback').waitFor();
      await side.ws.links().getByText('Which depots does the platform reach?').waitFor();
      await side.ws.section('Charter');
      await side.ws.waitForCharterText('Offline partner edit.');
      await side.ws.waitForCharterText('Online owner edit.');
    }
    const ownerText = await owner.ws.charter().innerText();
    const partnerText = await partner.ws.charter().innerText();
    expect(partnerText).toBe(ownerText);
  });

  it('reopens the alliance with its latest local edits after a reload with no network', async () => {
    // The page runs in the browser, where `navigator` lives: pass the check as page source.
    await partner.page.evaluate('navigator.serviceWorker.ready.then(() => true)');
    // Controlled by the service worker once it has claimed the page.
    await partner.page.waitForFunction('navigator.serviceWorker.controller !== null');
    await partner.context.setOffline(true);
    await partner.ws.appendToCharter('Written just before the reload.');
    // Committed to IndexedDB (a reload can abort a write still in flight).
    await partner.page.getByRole('status', { name: 'Saved on this device' }).waitFor();
    await partner.page.reload();
    await partner.ws.waitForCharterText('Written just before the reload.');
    await partner.ws.waitForCharterText('Offline partner edit.');
    await partner.ws.waitForConnection(/^Connection: (Offline|Connecting)/);

    await partner.page.getByRole('link', { name: '← Your alliances' }).click();
    await new PortfolioPage(partner.page).alliance('Harbour Freight').waitFor();
    await partner.context.setOffline(false);
  });

  it('takes the relay’s word for a link’s role: a view link whose hint was edited to "edit" still opens read-only', async () => {
    await owner.ws.section('Sharing');
    const viewLink = await owner.ws.createLink('Auditor', 'View only');
    expect(viewLink).toContain('role=view');
    const tampered = viewLink.replace('role=view', 'role=edit');
    const mallory = await openPartnerWindow(app);
    await openPartnerLink(mallory, tampered, 'Mallory', 'Observer');
    const { context, page, ws } = mallory;
    await page.getByText('You opened this alliance with a view link').waitFor();
    await ws.section('Charter');
    await ws.waitForCharterText('Owner clause: TechCo hosts the routing platform.');
    expect(await ws.charter().getAttribute('contenteditable')).toBe('false');
    await context.close();
  });

  it('opens a view link read-only, and keeps the local copy after the link is revoked', async () => {
    await owner.ws.section('Sharing');
    const viewLink = await owner.ws.createLink('Observer', 'View only');
    const viewer = await openPartnerWindow(app, { width: 360, height: 740 });
    await openPartnerLink(viewer, viewLink, 'Vic', 'Observer');
    const { page, ws } = viewer;
    await page.getByText('You opened this alliance with a view link').waitFor();

    await ws.section('Charter');
    await ws.waitForCharterText('Owner clause: TechCo hosts the routing platform.');
    expect(await ws.charter().getAttribute('contenteditable')).toBe('false');
    expect(await page.getByRole('toolbar', { name: 'Charter formatting' }).count()).toBe(0);
    await ws.section('Interest map');
    expect(await page.getByRole('form', { name: 'Add an interest' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Remove/ }).count()).toBe(0);
    await ws.section('Trust account');
    expect(await page.getByRole('button', { name: /Shared information early/ }).count()).toBe(0);

    await owner.ws.revokeLink('Observer');
    await page.getByText('This link was revoked by the alliance owner').first().waitFor();
    await ws.section('Charter');
    await ws.waitForCharterText('Partner clause: LogiCorp runs the depots.');
    expect(await ws.charter().getAttribute('contenteditable')).toBe('false');
    await page.reload();
    await page.getByText('This link was revoked by the alliance owner').first().waitFor();
    await ws.waitForCharterText('Partner clause: LogiCorp runs the depots.');
    // Said in full once, under the title; the sync badge names it in a few words; the card no longer says "can edit".
    await ws.waitForConnection('Link revoked · read-only');
    expect(await page.getByText('This link was revoked by the alliance owner').count()).toBe(1);
    await page.getByRole('link', { name: '← Your alliances' }).click();
    const card = page.getByRole('list', { name: 'Alliances on this device' }).getByRole('listitem').filter({ hasText: 'Link revoked · read-only' });
    await card.getByText(/You: Read-only$/).waitFor();
    await shoot(page, 'portfolio-revoked-link', { fullPage: false });
  });

  it('creates an alliance offline, and registers it with the relay once the network is back', async () => {
    const gil = await openPartnerWindow(app);
    const { context, page, ws } = gil;
    const portfolio = new PortfolioPage(page);
    await portfolio.open(app.url);
    await portfolio.waitUntilOfflineReady();
    await context.setOffline(true);
    await portfolio.createAlliance({ name: 'Offline Origins', organization: 'GreenAlliance', partners: ['TechCo'], displayName: 'Gil' });
    await ws.waitForConnection(/^Connection: On this device only · \d+ changes? not yet on the relay$/);
    await ws.appendToCharter('Drafted on the train.');
    // A new alliance's charter is the starting draft: covered, and flagged as not yet the partners' own (AUDIT-8).
    await page.getByRole('button', { name: 'Escalation path: starting draft — show in the charter' }).waitFor();
    await context.setOffline(false);
    await ws.waitForConnection('Synced');
    await ws.section('Sharing');
    const link = await ws.createLink('Tess', 'Can edit', 'TechCo');
    // The new link stays on screen while the connection comes and goes: the relay never shows its secret again.
    await context.setOffline(true);
    await ws.waitForConnection(/^Connection: Offline/);
    await context.setOffline(false);
    await ws.waitForConnection('Synced');
    expect(await page.getByRole('textbox', { name: 'Link for Tess' }).inputValue()).toBe(link);
    await shoot(page, 'sharing-new-link-after-reconnect', { fullPage: false });

    // Opened while offline, Sharing says it cannot list the links (not that there are none) and why it makes none;
    // back online, the list fills in by itself.
    await context.setOffline(true);
    await ws.waitForConnection(/^Connection: Offline/);
    await ws.section('Charter');
    await ws.section('Sharing');
    const links = page.getByRole('region', { name: 'Links' });
    await links.getByText('The links are kept on the relay, and it could not be asked for them: they show once the connection is back.').waitFor();
    expect(await links.getByText('No links yet.').count()).toBe(0);
    await page.getByLabel('For whom').fill('Uma');
    expect(await page.getByRole('button', { name: 'Create link' }).isDisabled()).toBe(true);
    await shoot(page, 'sharing-offline', { fullPage: false });
    await context.setOffline(false);
    await links.getByRole('row', { name: /Tess/ }).waitFor();
    expect(await page.getByLabel('For whom').inputValue()).toBe('Uma');
    // The relay has the offline work: a fresh device opening the link sees it.
    const tess = await openPartnerWindow(app);
    await openPartnerLink(tess, link, 'Tess', 'TechCo');
    await tess.ws.section('Charter');
    await tess.ws.waitForCharterText('Drafted on the train.');
  });

  it('"Try the example" shows the worked example: interests, trust trend and charter audit', async () => {
    const portfolio = new PortfolioPage(owner.page);
    await portfolio.open(app.url);
    await portfolio.alliance('Harbour Freight').waitFor();
    await portfolio.tryExample();
    // No link was opened: the organization is the one this device made the example for.
    await owner.ws.identityDialog().getByText('You made this alliance for this organization: you act for it here.').waitFor();
    await owner.ws.introduce('Ada', 'TechCo');
    await owner.page.getByRole('img', { name: /Trust balance per partner over time/ }).waitFor();
    await owner.page.getByText(/9 of 9 essentials covered/).waitFor();
    // A covered essential leads to the words that cover it.
    await owner.ws.section('Charter');
    // The example's charter is its partners' own, finished: covered, nothing left of the starting draft (AUDIT-8).
    await owner.page.getByRole('button', { name: 'Escalation path: covered — show in the charter' }).click();
    await owner.page.waitForFunction('String(getSelection()).toLowerCase().includes("escalat")');
    await owner.ws.section('Interest map');
    await owner.ws.interestList('TechCo', 'Strategic').getByText('Keep ownership of its routing algorithms (core IP)').waitFor();
    await owner.ws.interestList('LogiCorp', 'Operational').getByText('Fill empty van capacity on urban routes').waitFor();
    await portfolio.open(app.url);
    await portfolio.alliance('Green Last Mile').waitFor();
    await portfolio.alliance('Harbour Freight').waitFor();
  });
});
