import { beforeAll, describe, expect, it } from 'vitest';
import { CLOSE_CODES } from '@trellis/shared';
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

/**
 * The race the relay still refuses, made in the browser: TechCo's copy closes a decision its vote decided while
 * LogiCorp's change of vote is reaching the relay first (PROTOCOL.md, "Known refusals of honest races"). TechCo's
 * socket is held for the moment (routeWebSocket), so its vote and its upkeep's close arrive after LogiCorp's "No"
 * (and LogiCorp's own close).
 * Nothing TechCo's people did is lost: its vote is admitted, only the upkeep's close is refused. So nobody is told of
 * a refusal; the copy opens again from the relay and the decision closes as the rules now give.
 */
describe('an honest race in the browser: a decision closed while a partner changes its vote', () => {
  const app = useApp();
  let tech: PartnerWindow;
  let logi: PartnerWindow;
  const title = 'Lease the Porto crane';

  beforeAll(async () => {
    tech = await openPartnerWindow(app);
    logi = await openPartnerWindow(app);
    await createAllianceAs(tech, app.url);
    await invitePartner(tech, logi, { displayName: 'Bo', organization: 'LogiCorp' });
  });

  it('AUTH-11: the upkeep\'s refused close is redone from the relay, and nobody sees a refusal', async () => {
    await tech.m.section('Decisions');
    await tech.m.propose({ title, category: 'Critical' });
    await logi.m.section('Decisions');
    await logi.m.vote(title, 'Yes');
    await tech.m.ballotLine(title, 'LogiCorp').getByText('Yes').waitFor();

    // From here TechCo's frames to the relay wait while `holding`; the relay's frames reach it as ever.
    let holding = false;
    const held: Array<() => void> = [];
    const closedBy: number[] = [];
    await tech.page.routeWebSocket(/\/sync\//, (socket) => {
      const relay = socket.connectToServer();
      socket.onMessage((message) => (holding ? held.push(() => relay.send(message)) : relay.send(message)));
      relay.onClose((code, reason) => {
        closedBy.push(code ?? 0);
        void socket.close({ code, reason });
      });
    });
    // The route is installed into the page as it loads: the alliance opens again, from this device's copy.
    await tech.page.reload();
    await tech.ws.waitForConnection('Synced');
    await tech.m.decision(title).waitFor();

    holding = true;
    // Not `m.vote`: the ballot goes as soon as the upkeep closes the decision, so its pressed button is never seen.
    await tech.m.decision(title).getByRole('group', { name: /^Vote as / }).getByRole('button', { name: 'Yes', exact: true }).click();
    // TechCo's vote decided it on its copy: its upkeep closes it at once, as passed.
    await tech.m.outcome(title).filter({ hasText: 'Outcome under the rules' }).filter({ hasText: 'Passed' }).waitFor();
    // LogiCorp's "No" decides it on LogiCorp's copy (critical: one "No" rejects), which closes it as rejected.
    await logi.m.decision(title).getByRole('group', { name: /^Vote as / }).getByRole('button', { name: 'No', exact: true }).click();
    await tech.m.ballotLine(title, 'LogiCorp').getByText('No').waitFor();

    holding = false;
    for (const send of held.splice(0)) send();
    // The relay admits TechCo's vote (kept, counting for nothing after the close: GOV-14) and refuses TechCo's close
    // as passed; every copy ends decided as the rules gave it, rejected.
    for (const window of [tech, logi]) {
      await window.m.outcome(title).filter({ hasText: 'Outcome under the rules' }).filter({ hasText: 'Rejected' }).waitFor({ timeout: 20_000 });
      await window.m.ballotLine(title, 'TechCo').getByText('Yes').waitFor();
    }
    await tech.ws.waitForConnection('Synced');
    // The race did happen: the relay refused TechCo's close and closed its socket for it.
    expect(closedBy).toContain(CLOSE_CODES.refused);
    expect(await tech.page.getByRole('alert').filter({ hasText: 'was refused by the relay' }).count()).toBe(0);
    await shoot(tech.page, 'upkeep-race');
  });
});

