import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { shoot, useApp } from './harness.ts';
import { selectInCharter } from './pages/workspacePage.ts';
import { createAllianceAs, HARBOUR_FREIGHT, invitePartner, openPartnerWindow, type PartnerWindow } from './pages/partnerWindow.ts';

/**
 * Ratifying the charter under the partners' own rules, in two real browsers: TechCo holds a veto on strategic
 * decisions; a named version is proposed for ratification from the history; LogiCorp votes, TechCo votes offline and
 * the ratification passes when it reconnects; an edit then shows as drift on the Overview, and the export holds the
 * ratified text with its record.
 */
describe('ratifying the charter', () => {
  const app = useApp();
  let ada: PartnerWindow;
  let bo: PartnerWindow;
  const errors: string[] = [];

  beforeAll(async () => {
    ada = await openPartnerWindow(app);
    bo = await openPartnerWindow(app);
    ada.page.on('pageerror', (error) => errors.push(error.message));
    // TechCo alone sets its own minority protection and a veto on strategic decisions directly (AUTH-11), then adds LogiCorp.
    await createAllianceAs(ada, app.url, { ...HARBOUR_FREIGHT, partners: [] });
    await ada.ws.section('Governance');
    await ada.page.getByRole('checkbox', { name: 'Minority protection for TechCo' }).check();
    await ada.page.getByRole('group', { name: 'Protected partners may veto' }).getByRole('checkbox', { name: 'Strategic decisions' }).check();
    await ada.ws.section('Sharing');
    await ada.page.getByLabel('Organization name').fill('LogiCorp');
    await ada.page.getByRole('button', { name: 'Add partner' }).click();
    await ada.page.getByRole('status').filter({ hasText: 'LogiCorp' }).first().waitFor();
    await invitePartner(ada, bo, { displayName: 'Bo', organization: 'LogiCorp' });
  });

  it('RAT-1 .. RAT-4, RAT-6, AUTH-18: a version passes with the veto holder voting late, drifts after an edit, and exports with its record', async () => {
    const { page } = ada;
    await ada.ws.section('Overview');
    const card = page.getByRole('region', { name: 'Ratified charter' });
    await card.getByText('Not ratified yet.').waitFor();

    // A named version, proposed for ratification from the history.
    await ada.ws.section('Charter');
    await ada.ws.waitForCharterText('Why we are together');
    const views = page.getByRole('group', { name: 'Charter view' });
    await views.getByRole('button', { name: 'History' }).click();
    await page.getByRole('button', { name: 'Save version…' }).click();
    await page.getByLabel('Name this version').fill('Agreed text');
    await page.getByLabel('Name this version').press('Enter');
    const versions = page.getByRole('list', { name: 'Versions, newest first' });
    await shoot(page, 'ratification-history', { fullPage: false });
    await versions.getByRole('button', { name: /^Propose “Agreed text” .* for ratification$/ }).click();
    const proposal = page.getByRole('form', { name: 'Propose this version for ratification' });
    await proposal.getByText('decided by consensus (minority-protected partners may veto)').waitFor();
    await shoot(page, 'ratification-propose');
    await proposal.getByRole('button', { name: 'Propose for ratification' }).click();
    await versions.getByRole('link', { name: 'Ratification vote open' }).waitFor();

    // LogiCorp votes online; TechCo, the veto holder, votes offline: consensus waits for it.
    await bo.m.section('Decisions');
    const heading = bo.page.getByRole('heading', { name: /^Ratify the charter: “Agreed text” of / });
    const title = (await heading.textContent())!;
    await ada.context.setOffline(true);
    await ada.ws.waitForConnection(/^Connection: Offline/);
    await ada.m.section('Decisions');
    await bo.m.vote(title, 'Yes');
    await ada.m.vote(title, 'Yes');
    await bo.m.waitForOutcome(title, 'Pending');
    const boCard = bo.m.decision(title);
    await boCard.getByText(/^Version “Agreed text” of .*, text hash [0-9a-f]{8}…/).waitFor();
    await shoot(bo.page, 'ratification-decision-open');

    // TechCo reconnects: its vote counts, the rules give passed, and its session applies the ratification.
    await ada.context.setOffline(false);
    await ada.ws.waitForConnection('Synced');
    for (const side of [ada, bo]) {
      await side.m.waitForOutcome(title, 'Passed');
      await side.m.decision(title).getByText(/^Ratified v1 · .* · hash [0-9a-f]{8}…$/).waitFor();
    }
    const votes = boCard.getByRole('table', { name: /^Votes counted when/ });
    await votes.getByRole('row', { name: 'TechCo Yes 1' }).waitFor();
    await votes.getByRole('row', { name: 'LogiCorp Yes 1' }).waitFor();
    await shoot(bo.page, 'ratification-decision-passed');

    // The Overview: ratified, and the live text matches.
    await ada.ws.section('Overview');
    await card.getByText(/^Ratified v1 · .* · hash [0-9a-f]{8}…$/).waitFor();
    await card.getByText('The live text matches the ratified version.').waitFor();
    await shoot(page, 'ratification-overview-matching');

    // An edit after ratification: the Overview shows the drift, and the difference is one click away.
    await ada.ws.section('Charter');
    await views.getByRole('button', { name: 'Text' }).click();
    // The caret is put at the end of the purpose by selecting its last words (a click can be undone by the editor's
    // first render of the text, which leaves the caret at the start), then moving right.
    await selectInCharter(page, 'the shared goal no partner can reach alone.');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await page.keyboard.type('A clause added after ratification.');
    await ada.ws.waitForCharterText('A clause added after ratification.');
    expect(await ada.ws.charter().innerText()).toContain('reach alone.\n\nA clause added after ratification.\n\nDecision-making');
    await views.getByRole('button', { name: /^History/ }).click();
    await versions.getByText('Ratified v1').waitFor();
    await shoot(page, 'ratification-history-ratified', { fullPage: false });
    await ada.ws.section('Overview');
    await card.getByText('The live text has drifted since ratification — 1 change.').waitFor();
    await card.getByRole('button', { name: 'Show the difference' }).click();
    await card.getByLabel('Differences from the ratified version').locator('ins', { hasText: 'A clause added after ratification.' }).waitFor();
    await shoot(page, 'ratification-overview-drifted');

    // The export: the ratified text, without the later clause, and its record.
    await ada.m.section('Export');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download Markdown (.md)' }).click()]);
    const markdown = await readFile((await download.path())!, 'utf8');
    const appendix = markdown.slice(markdown.indexOf('\n## Appendix J — Ratified charter (Ratified v1)\n'));
    expect(appendix.length).toBeLessThan(markdown.length);
    expect(appendix).toContain('Why we are together');
    expect(appendix).not.toContain('A clause added after ratification.');
    expect(appendix).toMatch(/- Ratified v1 on \d{4}-\d{2}-\d{2}/);
    expect(appendix).toMatch(/- Content hash \(SHA-256\): [0-9a-f]{64}/);
    expect(appendix).toContain('- The live charter has drifted since ratification: 1 change.');
    expect(appendix).toMatch(/\| TechCo \| Yes \| 1 \|/);
    expect(appendix).toMatch(/\| LogiCorp \| Yes \| 1 \|/);
    expect(errors).toEqual([]);
  });
});
