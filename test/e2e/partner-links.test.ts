import { beforeAll, describe, expect, it } from 'vitest';
import { shoot, useApp } from './harness.ts';
import { createAllianceAs, openPartnerLink, openPartnerWindow, type PartnerWindow } from './pages/partnerWindow.ts';

/**
 * Links belong to partners (LINK-4, LINK-5): the creator acts for its own organization, a LogiCorp link opens
 * as LogiCorp — the prompt asks only a name — and its votes and check-ins are LogiCorp's, with no way to act as TechCo.
 */
describe('partner-bound links in the browser', () => {
  const app = useApp();
  let owner: PartnerWindow;
  let partner: PartnerWindow;
  let link = '';

  beforeAll(async () => {
    owner = await openPartnerWindow(app);
    partner = await openPartnerWindow(app);
  });

  it('binds the creator’s owner link to its organization, and makes links per partner', async () => {
    await createAllianceAs(owner, app.url);
    await owner.page.getByRole('button', { name: 'You: Ada · TechCo. Change your name' }).waitFor();
    await owner.m.section('Sharing');

    // The relay binds the creator's link to TechCo when the alliance is registered (POST /api/alliances with its
    // partnerId): one creator link, TechCo's, and no partnerless one to replace.
    const creatorRows = owner.page.getByRole('row').filter({ hasText: 'The alliance’s creator' });
    await creatorRows.filter({ hasText: 'TechCo' }).filter({ hasText: 'Live' }).waitFor();
    expect(await creatorRows.filter({ hasText: 'No partner' }).count()).toBe(0);

    // "Create link" without a label says so beside the field.
    await owner.page.getByLabel('Partner', { exact: true }).selectOption({ label: 'LogiCorp' });
    await owner.page.getByRole('button', { name: 'Create link' }).click();
    await owner.page.getByRole('alert').filter({ hasText: 'Say who this link is for' }).waitFor();
    expect(await owner.page.getByLabel('For whom').getAttribute('aria-invalid')).toBe('true');

    link = await owner.ws.createLink('Bo', 'Can edit', 'LogiCorp');
    await owner.page.getByRole('row').filter({ hasText: 'Bo' }).filter({ hasText: 'LogiCorp' }).filter({ hasText: 'Can edit' }).waitFor();
    await owner.ws.createLink('Fay', 'Can edit');
    await owner.page.getByRole('row').filter({ hasText: 'Fay' }).filter({ hasText: 'Facilitator' }).waitFor();
    await shoot(owner.page, 'sharing');
  });

  it('opens a LogiCorp link as LogiCorp: the prompt asks only the name and shows the organization', async () => {
    await partner.page.goto(link);
    const dialog = partner.ws.identityDialog();
    await dialog.getByRole('group', { name: 'Your organization' }).getByText('LogiCorp', { exact: true }).waitFor();
    expect(await dialog.getByRole('combobox').count()).toBe(0);
    expect(await dialog.getByRole('textbox').count()).toBe(1);
    await shoot(partner.page, 'identity');
    // Focus stays inside the prompt, and on first open Escape does not dismiss it: a name is needed.
    for (let i = 0; i < 4; i++) await partner.page.keyboard.press('Tab');
    expect(await dialog.locator(':focus').count()).toBe(1);
    await partner.page.keyboard.press('Escape');
    expect(await dialog.isVisible()).toBe(true);
    await partner.ws.introduce('Bo', 'LogiCorp');
    await partner.ws.waitForConnection('Synced');

    // The name can be changed later; the organization cannot.
    await partner.page.getByRole('button', { name: 'You: Bo · LogiCorp. Change your name' }).click();
    const rename = partner.page.getByRole('dialog', { name: 'Your name' });
    await rename.getByLabel('Your name').fill('Bo Lind');
    await rename.getByRole('button', { name: 'Save' }).click();
    await partner.page.getByRole('button', { name: 'You: Bo Lind · LogiCorp. Change your name' }).click();
    await partner.page.keyboard.press('Escape');
    await rename.waitFor({ state: 'detached' });
    // Focus goes back to the button that opened it.
    await partner.page.getByRole('button', { name: /^You: Bo Lind/ }).and(partner.page.locator(':focus')).waitFor();
    await owner.ws.presence().getByText('Bo Lind · LogiCorp').waitFor();

    // Only owner links manage links and partners.
    await partner.m.section('Sharing');
    await partner.page.getByText(/^Only an owner link manages this alliance.s links and adds partners/).waitFor();
  });

  it('votes and checks in as LogiCorp only, with no way to act as TechCo', async () => {
    const title = 'Open the Lyon depot';
    await owner.m.section('Decisions');
    await owner.m.propose({ title, category: 'Strategic' });
    await partner.m.section('Decisions');
    const card = partner.m.decision(title);
    await card.getByRole('group', { name: 'Vote as LogiCorp' }).waitFor();
    expect(await card.getByRole('group', { name: /^Vote as / }).count()).toBe(1);
    await partner.m.vote(title, 'Yes');
    await owner.m.ballotLine(title, 'LogiCorp').filter({ hasText: 'Yes' }).waitFor();
    expect(await owner.m.ballotLine(title, 'TechCo').textContent()).toContain('no vote yet');

    await partner.m.section('Check-ins');
    const form = partner.page.getByRole('form', { name: 'Check in' });
    const forPartner = form.getByLabel('For partner');
    expect(await forPartner.inputValue()).toBe('LogiCorp');
    expect(await forPartner.getAttribute('readonly')).not.toBeNull();
    expect(await form.getByRole('combobox').count()).toBe(0);
    for (const dimension of ['Openness', 'Reliability', 'Fairness', 'Momentum']) {
      await form.getByRole('radiogroup', { name: dimension }).getByRole('radio', { name: '4' }).check();
    }
    await form.getByRole('button', { name: 'Record check-in' }).click();
    await owner.m.section('Check-ins');
    await owner.page.getByRole('listitem').filter({ hasText: 'LogiCorp' }).filter({ hasText: 'Bo Lind' }).first().waitFor();
  });

  it('shows a facilitator link as "Facilitator", with the partner controls read-only and why', async () => {
    await owner.m.section('Sharing');
    const facilitatorLink = await owner.ws.createLink('Gil', 'Can edit');
    const facilitator = await openPartnerWindow(app);
    await openPartnerLink(facilitator, facilitatorLink, 'Gil', 'Facilitator');
    const { page, m } = facilitator;
    await m.section('Decisions');
    await page.getByText('You joined with a facilitator link').first().waitFor();
    expect(await m.decision('Open the Lyon depot').getByRole('group', { name: /^Vote as / }).count()).toBe(0);
    await m.section('Check-ins');
    expect(await page.getByRole('form', { name: 'Check in' }).count()).toBe(0);
    await page.getByText('Each partner checks in for itself.').waitFor();
  });
});
