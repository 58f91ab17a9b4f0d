import { beforeAll, describe, expect, it } from 'vitest';
import { shoot, useApp } from './harness.ts';
import { createAllianceAs, HARBOUR_FREIGHT, invitePartner, openPartnerWindow, type PartnerWindow } from './pages/partnerWindow.ts';

const CHANGE = 'Change quorum from 50 % to 67 %';

/**
 * A constitution change as a decision (CHG-1 .. CHG-4, AUTH-11): TechCo proposes a quorum change from Governance, the
 * card says what will change, TechCo and LogiCorp pass it while Fjord is offline, the deciding session applies it, and
 * the Activity screen lists who did what (ACT-2, ACT-4).
 */
describe('a quorum change, proposed, passed and applied', () => {
  const app = useApp();
  let tech: PartnerWindow;
  let logi: PartnerWindow;
  let fjord: PartnerWindow;

  beforeAll(async () => {
    tech = await openPartnerWindow(app);
    logi = await openPartnerWindow(app);
    fjord = await openPartnerWindow(app);
    await createAllianceAs(tech, app.url, { ...HARBOUR_FREIGHT, partners: ['LogiCorp', 'Fjord'] });
    await tech.page.getByRole('button', { name: 'You: Ada · TechCo. Change your name' }).waitFor();
    await invitePartner(tech, logi, { displayName: 'Bo', organization: 'LogiCorp' });
    await invitePartner(tech, fjord, { displayName: 'Cy', organization: 'Fjord' });
  });

  it('CHG-1, AUTH-11: with several partners, changing the quorum proposes it, saying exactly what changes', async () => {
    await tech.m.section('Governance');
    await tech.page.getByText('changing a rule here proposes it as a decision').waitFor();
    const quorum = tech.page.getByRole('spinbutton', { name: /^Quorum/ });
    await quorum.fill('67');
    await quorum.press('Tab');
    const proposal = tech.page.getByRole('form', { name: 'Propose a change' });
    await proposal.getByRole('button', { name: `Propose: ${CHANGE}` }).waitFor();
    await proposal.getByText(CHANGE, { exact: true }).waitFor();
    await proposal.getByLabel('Decided as').selectOption({ label: 'Critical decision' });
    await shoot(tech.page, 'governance-proposal');
    // DEC-8: a vote that would end before it starts is refused, and the form keeps what was chosen.
    const voteUntil = proposal.getByLabel('Vote until');
    const chosen = await voteUntil.inputValue();
    const yesterday = new Date(Date.now() - 86_400_000);
    await voteUntil.fill(`${yesterday.getFullYear()}-${String(yesterday.getMonth() + 1).padStart(2, '0')}-${String(yesterday.getDate()).padStart(2, '0')}`);
    await proposal.getByRole('button', { name: `Propose: ${CHANGE}` }).click();
    await proposal.getByRole('alert').filter({ hasText: 'That deadline has passed: pick today or a later day.' }).waitFor();
    await voteUntil.fill(chosen);
    await proposal.getByRole('button', { name: `Propose: ${CHANGE}` }).click();
    await proposal.waitFor({ state: 'detached' });
    // Nothing changed yet: the input shows the quorum in force.
    expect(await quorum.inputValue()).toBe('50');
    await tech.page.getByRole('status').filter({ hasText: `Proposed: ${CHANGE}.` }).getByRole('button', { name: 'Undo' }).waitFor();
    // Governance says what waits for a vote (CHG-9)...
    const waiting = (window: PartnerWindow) => window.page.getByRole('region', { name: 'Proposed changes waiting for a vote' });
    await waiting(tech).getByRole('link', { name: CHANGE }).waitFor();

    // ...and another partner making the same change is shown the proposal waiting, not a second one to open.
    await logi.m.section('Governance');
    await waiting(logi).getByRole('link', { name: CHANGE }).waitFor();
    const logiQuorum = logi.page.getByRole('spinbutton', { name: /^Quorum/ });
    await logiQuorum.fill('67');
    await logiQuorum.press('Tab');
    const already = logi.page.getByRole('group', { name: 'Already proposed' });
    await already.getByText(CHANGE, { exact: true }).waitFor();
    expect(await logi.page.getByRole('form', { name: 'Propose a change' }).count()).toBe(0);
    await shoot(logi.page, 'governance-already-proposed');
    await already.getByRole('button', { name: 'Close' }).click();
    expect(await logiQuorum.inputValue()).toBe('50');
  });

  it('CHG-3: passes with Fjord offline, is applied once by the deciding session, and the card says so', async () => {
    await fjord.context.setOffline(true);
    await fjord.ws.waitForConnection(/^Connection: Offline/);

    await tech.m.section('Decisions');
    const card = tech.m.decision(CHANGE);
    await card.getByText(`If it passes: ${CHANGE}.`).waitFor();
    // No one records an outcome by hand: the rules give it.
    expect(await card.getByRole('button', { name: /Record the outcome/ }).count()).toBe(0);
    await tech.m.vote(CHANGE, 'Yes');
    await shoot(tech.page, 'decision-change');

    await logi.m.section('Decisions');
    // LogiCorp's yes decides it (two of three weights): its session closes the decision at once, so the ballot goes.
    await logi.m.decision(CHANGE).getByRole('group', { name: 'Vote as LogiCorp' }).getByRole('button', { name: 'Yes', exact: true }).click();
    for (const side of [tech, logi]) {
      await side.m.decision(CHANGE).getByText(new RegExp(`^Applied on .*: ${CHANGE}\\.$`)).waitFor();
      await side.m.waitForOutcome(CHANGE, 'Passed');
    }
    await shoot(tech.page, 'decision-applied');
    await tech.m.section('Governance');
    await expect.poll(() => tech.page.getByRole('spinbutton', { name: /^Quorum/ }).inputValue()).toBe('67');
    // Applied, it no longer waits.
    expect(await tech.page.getByRole('region', { name: 'Proposed changes waiting for a vote' }).count()).toBe(0);

    // Fjord, back online, receives the applied change.
    await fjord.context.setOffline(false);
    await fjord.ws.waitForConnection('Synced');
    await fjord.m.section('Governance');
    await expect.poll(() => fjord.page.getByRole('spinbutton', { name: /^Quorum/ }).inputValue()).toBe('67');
  });

  it('ACT-2, ACT-4: the Activity screen lists who proposed, voted and applied, newest first, filterable by partner', async () => {
    await tech.m.section('Activity');
    const list = tech.page.getByRole('list', { name: 'Activity, newest first' });
    await list.getByText(`LogiCorp (Bo) voted yes on ${CHANGE}`).first().waitFor();
    await list.getByText(`TechCo (creator) voted yes on ${CHANGE}`).first().waitFor();
    await list.getByText(new RegExp(`applied ${CHANGE}`)).first().waitFor();
    const items = await list.getByRole('listitem').allTextContents();
    const applied = items.findIndex((t) => t.includes(`applied ${CHANGE}`));
    const proposed = items.findIndex((t) => t.includes(`proposed ${CHANGE}`));
    expect(applied).toBeGreaterThanOrEqual(0);
    expect(proposed).toBeGreaterThan(applied);
    await shoot(tech.page, 'activity');

    await tech.page.getByLabel('Who').selectOption({ label: 'LogiCorp' });
    await list.getByText(`TechCo (creator) voted yes on ${CHANGE}`).waitFor({ state: 'detached' });
    await list.getByText(`LogiCorp (Bo) voted yes on ${CHANGE}`).waitFor();
    const logiOnly = await list.getByRole('listitem').allTextContents();
    expect(logiOnly.length).toBeGreaterThan(0);
    for (const text of logiOnly) expect(text.trim()).toMatch(/^LogiCorp \(Bo\) /);

    // Offline, the screen answers from what the device fetched, and says when.
    await tech.context.setOffline(true);
    await tech.page.getByLabel('Who').selectOption({ label: 'Everyone' });
    await tech.page.getByText(/Showing what this device fetched/).waitFor();
    await list.getByText(`TechCo (creator) voted yes on ${CHANGE}`).first().waitFor();
    await tech.context.setOffline(false);
  });
});
