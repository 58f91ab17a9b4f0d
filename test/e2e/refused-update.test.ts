import { beforeAll, describe, expect, it } from 'vitest';
import { shoot, useApp } from './harness.ts';
import { createAllianceAs, HARBOUR_FREIGHT, invitePartner, openPartnerWindow, type PartnerWindow } from './pages/partnerWindow.ts';

/**
 * An update the relay refuses (AUTH-11, AUTH-14), from one of the honest races the table still refuses (PROTOCOL.md,
 * "Known refusals"): TechCo's owner, alone in the alliance, changes the quorum directly while offline; meanwhile
 * TechCo's second owner link adds LogiCorp. When the first reconnects the alliance has two partners, so the quorum
 * changes only by decision: the relay refuses the write (close 4409 with its reason), and the app says which action
 * was refused and why, and returns its copy to what the relay holds.
 */
describe('a refused update in the browser', () => {
  const app = useApp();
  let ada: PartnerWindow;
  let eve: PartnerWindow;

  beforeAll(async () => {
    ada = await openPartnerWindow(app);
    eve = await openPartnerWindow(app);
    // TechCo alone: LogiCorp is added later, by TechCo's second owner link.
    await createAllianceAs(ada, app.url, { ...HARBOUR_FREIGHT, partners: [] });
    await invitePartner(ada, eve, { displayName: 'Eve', organization: 'TechCo', role: 'Owner' });
  });

  it('AUTH-11, AUTH-14: says which change was refused and why, and shows the copy the relay holds', async () => {
    await ada.m.section('Governance');
    const quorum = ada.page.getByRole('spinbutton', { name: /^Quorum/ });
    expect(await quorum.inputValue()).toBe('50');
    await ada.context.setOffline(true);
    await ada.ws.waitForConnection(/^Connection: Offline/);
    // Alone in the alliance, an owner writes the rules directly (AUTH-11).
    await quorum.fill('67');
    await quorum.press('Tab');
    expect(await ada.page.getByRole('form', { name: 'Propose a change' }).count()).toBe(0);
    // A commitment made in the same offline spell goes to the relay in the same update.
    await ada.ws.section('Commitments');
    await ada.page.getByLabel('What').fill('Ship the routing API');
    await ada.page.getByRole('button', { name: 'Add commitment' }).click();
    await ada.page.getByRole('list', { name: 'Open commitments' }).getByRole('listitem', { name: 'Ship the routing API — TechCo' }).waitFor();

    await eve.ws.section('Sharing');
    await eve.page.getByLabel('Organization name').fill('LogiCorp');
    await eve.page.getByRole('button', { name: 'Add partner' }).click();
    await eve.page.getByRole('status').filter({ hasText: 'LogiCorp' }).first().waitFor();

    await ada.context.setOffline(false);
    const alert = ada.page.getByRole('alert').filter({ hasText: 'was refused by the relay and did not count' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('only when a decision passes');
    // What went with it is named, for Ada to make again.
    expect(await alert.textContent()).toContain('which went with it: your commitment “Ship the routing API”. Make them again if you still want them.');
    await ada.ws.waitForConnection('Synced');
    await ada.m.section('Governance');
    await expect.poll(() => ada.page.getByRole('spinbutton', { name: /^Quorum/ }).inputValue()).toBe('50');
    await shoot(ada.page, 'refused-quorum');
    // The device kept its identity: still Ada, acting for TechCo.
    await ada.page.getByRole('button', { name: 'You: Ada · TechCo. Change your name' }).waitFor();
  });
});
