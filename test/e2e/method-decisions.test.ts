import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './harness.ts';
import { createAllianceAs, invitePartner, openPartnerWindow, type PartnerWindow } from './pages/partnerWindow.ts';

/**
 * Deciding by the charter's rules, in two real browsers: votes cast while one partner is offline both
 * count once it reconnects and the live outcome follows; a deadlocked decision goes to the steering
 * committee with nobody clicking.
 */
describe('decisions in the browser', () => {
  const app = useApp();
  let owner: PartnerWindow;
  let partner: PartnerWindow;

  beforeAll(async () => {
    owner = await openPartnerWindow(app);
    partner = await openPartnerWindow(app);
    await createAllianceAs(owner, app.url);
    await invitePartner(owner, partner, { displayName: 'Bo', organization: 'LogiCorp' });
  });

  it('counts both partners’ votes, one cast offline, once it reconnects, and the live outcome follows', async () => {
    const title = 'Open a second city';
    await owner.m.section('Decisions');
    await owner.m.propose({ title, body: 'Rotterdam after Utrecht.', category: 'Strategic' });
    await owner.m.waitForOutcome(title, 'Pending');

    await partner.m.section('Decisions');
    await partner.m.decision(title).waitFor();

    await partner.context.setOffline(true);
    await partner.ws.waitForConnection(/^Connection: Offline/);

    // Concurrently: LogiCorp votes offline, TechCo online. Consensus needs both.
    await partner.m.vote(title, 'Yes');
    await owner.m.vote(title, 'Yes');
    await owner.m.ballotLine(title, 'TechCo').filter({ hasText: 'Yes' }).waitFor();
    expect(await owner.m.ballotLine(title, 'LogiCorp').textContent()).toContain('no vote yet');
    await owner.m.waitForOutcome(title, 'Pending');
    await partner.m.waitForOutcome(title, 'Pending');

    await partner.context.setOffline(false);
    await partner.ws.waitForConnection('Synced');
    for (const side of [owner, partner]) {
      await side.m.waitForOutcome(title, 'Passed');
      await side.m.ballotLine(title, 'TechCo').filter({ hasText: 'Yes' }).waitFor();
      await side.m.ballotLine(title, 'LogiCorp').filter({ hasText: 'Yes' }).waitFor();
    }
  });

  it('moves a deadlocked decision to the steering committee without anyone clicking', async () => {
    // Execution decisions: lead partner, and with none set the majority decides; one yes, one no is a tie.
    const title = 'Weekend deliveries';
    await owner.m.propose({ title, category: 'Execution' });
    await owner.m.operationalTeam().getByRole('article', { name: title }).waitFor();
    await partner.m.operationalTeam().getByRole('article', { name: title }).waitFor();

    await owner.m.vote(title, 'Yes');
    await partner.m.vote(title, 'No');

    for (const side of [owner, partner]) {
      const card = side.m.steeringCommittee().getByRole('article', { name: title });
      await card.waitFor();
      await card.getByText(/Escalated to the steering committee on .*: Escalated automatically: The operational team is deadlocked/).waitFor();
    }
    expect(await owner.m.operationalTeam().getByRole('article', { name: title }).count()).toBe(0);
    // Escalation keeps the votes and gives the committee its own time limit.
    await owner.m.ballotLine(title, 'LogiCorp').filter({ hasText: 'No' }).waitFor();
    await owner.m.decision(title).getByText(/steering committee time limit/).waitFor();
  });
});
