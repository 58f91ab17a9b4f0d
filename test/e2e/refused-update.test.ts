import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startApp, type AppUnderTest } from './harness.ts';
import { PortfolioPage } from './pages/portfolioPage.ts';
import { openPartnerWindow, type PartnerWindow } from './pages/methodPage.ts';

const SHOTS = process.env.SHOTS_DIR ?? null;
async function shoot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  await page.screenshot({ path: `${SHOTS}/${name}-1280.png`, fullPage: true });
  await page.setViewportSize({ width: 360, height: 740 });
  await page.screenshot({ path: `${SHOTS}/${name}-360.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
}

/**
 * A vote the relay refuses (AUTH-3): LogiCorp votes offline on a decision TechCo withdraws meanwhile. When LogiCorp
 * reconnects, the relay refuses the vote (close 4409 with its reason); LogiCorp's app says which action was refused
 * and why, and its copy returns to what the relay holds: the vote is not shown as counted.
 */
describe('a refused update in the browser', () => {
  let app: AppUnderTest;
  let tech: PartnerWindow;
  let logi: PartnerWindow;
  const title = 'Open the Lyon depot';

  beforeAll(async () => {
    app = await startApp();
    tech = await openPartnerWindow(app);
    logi = await openPartnerWindow(app);
    await new PortfolioPage(tech.page).open(app.url);
    await new PortfolioPage(tech.page).createAlliance({ name: 'Harbour Freight', organization: 'TechCo', partners: ['LogiCorp'], displayName: 'Ada' });
    await tech.ws.waitForConnection('Synced');
    await tech.ws.section('Sharing');
    const link = await tech.ws.createLink('Bo', 'Can edit', 'LogiCorp');
    await logi.page.goto(link);
    await logi.ws.introduce('Bo', 'LogiCorp');
    await logi.ws.waitForConnection('Synced');
  });

  afterAll(async () => {
    await app?.close();
  });

  it('AUTH-3: says which vote was refused and why, and shows the copy the relay holds', async () => {
    await tech.m.section('Decisions');
    await tech.m.propose({ title, category: 'Strategic' });
    await logi.m.section('Decisions');
    await logi.m.decision(title).waitFor();

    await logi.context.setOffline(true);
    await logi.ws.waitForConnection(/^Connection: Offline/);
    await logi.m.vote(title, 'Yes');

    // Withdrawing asks first, and says it cannot be undone.
    await tech.m.decision(title).getByRole('button', { name: 'Withdraw…' }).click();
    await tech.m.decision(title).getByRole('group', { name: `Confirm withdrawing ${title}` }).getByRole('button', { name: 'Withdraw the decision' }).click();
    await tech.m.decision(title).getByText('Withdrawn', { exact: true }).waitFor();

    await logi.context.setOffline(false);
    const alert = logi.page.getByRole('alert').filter({ hasText: `Your vote on “${title}” was refused by the relay and did not count` });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('This decision is already withdrawn');
    await logi.ws.waitForConnection('Synced');
    await logi.m.decision(title).getByText('Withdrawn', { exact: true }).waitFor();
    await logi.m.ballotLine(title, 'LogiCorp').getByText('no vote yet').waitFor();
    await shoot(logi.page, 'refused-vote');
    // TechCo never saw the vote.
    expect(await tech.m.ballotLine(title, 'LogiCorp').textContent()).toContain('no vote yet');
    // The device kept its identity: still Bo, acting for LogiCorp.
    await logi.page.getByRole('button', { name: 'You: Bo · LogiCorp. Change your name' }).waitFor();
  });
});
