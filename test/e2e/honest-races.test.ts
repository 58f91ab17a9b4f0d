import { beforeAll, describe, expect, it } from 'vitest';
import { shoot, useApp } from './harness.ts';
import { createAllianceAs, invitePartner, openPartnerWindow, type PartnerWindow } from './pages/partnerWindow.ts';

/**
 * The race this file once showed refused (AUTH-3, AUTH-15): LogiCorp votes offline on a decision TechCo withdraws
 * meanwhile. The relay now admits the vote — a partner's vote is its own place — and every copy shows it kept and
 * counting for nothing (GOV-14): no refusal, no copy thrown away. Withdrawing asks first and can be undone at once
 * (DEC-7); the undo is itself a write the relay admits.
 */
describe('an honest race in the browser: a vote on a decision withdrawn meanwhile', () => {
  const app = useApp();
  let tech: PartnerWindow;
  let logi: PartnerWindow;
  const title = 'Open the Lyon depot';

  beforeAll(async () => {
    tech = await openPartnerWindow(app);
    logi = await openPartnerWindow(app);
    await createAllianceAs(tech, app.url);
    await invitePartner(tech, logi, { displayName: 'Bo', organization: 'LogiCorp' });
  });

  const withdraw = async () => {
    await tech.m.decision(title).getByRole('button', { name: 'Withdraw…' }).click();
    const confirm = tech.m.decision(title).getByRole('group', { name: `Confirm withdrawing ${title}` });
    expect(await confirm.textContent()).toContain('you can undo it right after');
    await confirm.getByRole('button', { name: 'Withdraw the decision' }).click();
    await tech.m.decision(title).getByText('Withdrawn', { exact: true }).waitFor();
  };

  it('DEC-7: withdrawing asks first and can be undone at once; every copy sees it open again', async () => {
    await tech.m.section('Decisions');
    await tech.m.propose({ title, category: 'Strategic' });
    await logi.m.section('Decisions');
    await logi.m.decision(title).waitFor();
    await withdraw();
    await logi.m.decision(title).getByText('Withdrawn', { exact: true }).waitFor();
    const offer = tech.page.getByRole('status').filter({ hasText: `Withdrew “${title}”.` });
    await shoot(tech.page, 'withdraw-undo');
    await offer.getByRole('button', { name: 'Undo' }).click();
    await tech.m.decision(title).getByRole('button', { name: 'Withdraw…' }).waitFor();
    await logi.m.decision(title).getByText('Withdrawn', { exact: true }).waitFor({ state: 'detached' });
    await logi.m.ballotLine(title, 'LogiCorp').getByText('no vote yet').waitFor();
  });

  it('AUTH-3, GOV-14: the offline vote is kept and shown on every copy, counts for nothing, and nothing is refused', async () => {
    await logi.context.setOffline(true);
    await logi.ws.waitForConnection(/^Connection: Offline/);
    await logi.m.vote(title, 'Yes');
    await withdraw();

    await logi.context.setOffline(false);
    await logi.ws.waitForConnection('Synced');
    await logi.m.decision(title).getByText('Withdrawn', { exact: true }).waitFor();
    await tech.m.ballotLine(title, 'LogiCorp').getByText('Yes').waitFor();
    expect(await logi.m.ballotLine(title, 'LogiCorp').textContent()).toContain('Yes');
    expect(await logi.page.getByRole('alert').filter({ hasText: 'was refused by the relay' }).count()).toBe(0);
    await shoot(logi.page, 'late-vote');
    // A withdrawn decision has no outcome under the rules, whatever votes it holds.
    expect(await tech.m.decision(title).getByRole('status', { name: `Outcome of ${title}` }).textContent()).toContain('Withdrawn: no outcome, and votes on it count for nothing.');
    await logi.page.getByRole('button', { name: 'You: Bo · LogiCorp. Change your name' }).waitFor();
  });
});
