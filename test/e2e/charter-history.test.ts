import { beforeAll, describe, expect, it } from 'vitest';
import { shoot, useApp } from './harness.ts';
import { createAllianceAs, invitePartner, openPartnerWindow, type PartnerWindow } from './pages/partnerWindow.ts';

/** The charter's history: a named version, an edit, the two compared, a paragraph and then the whole text restored. */
describe('the charter history', () => {
  const app = useApp();
  let owner: PartnerWindow;
  let partner: PartnerWindow;
  const errors: string[] = [];

  beforeAll(async () => {
    owner = await openPartnerWindow(app);
    partner = await openPartnerWindow(app);
    owner.page.on('pageerror', (error) => errors.push(error.message));
    await createAllianceAs(owner, app.url);
    await invitePartner(owner, partner, { displayName: 'Bo', organization: 'LogiCorp' });
  });

  it('HIST-3, AUTH-17: a version is saved by name, the text edited, the two compared and restored as new edits', async () => {
    const { page, ws } = owner;
    await ws.section('Charter');
    await ws.waitForCharterText('Why we are together');
    const views = page.getByRole('group', { name: 'Charter view' });

    // No versions yet: the empty history says how versions come.
    await views.getByRole('button', { name: 'History' }).click();
    await page.getByText('No versions yet.').waitFor();
    await shoot(page, 'charter-history-empty', { fullPage: false });
    await page.getByRole('button', { name: 'Save version…' }).click();
    const form = page.getByRole('form', { name: 'Save this version' });
    // A named version needs a name.
    await form.getByRole('button', { name: 'Save version' }).click();
    await form.getByText('Give the version a name, at most 200 characters.').waitFor();
    await form.getByLabel('Name this version').fill('First draft');
    await form.getByLabel('Name this version').press('Enter');
    const versions = page.getByRole('list', { name: 'Versions, newest first' });
    await versions.getByText('First draft').waitFor();
    await views.getByRole('button', { name: 'History (1)' }).waitFor();

    // The relay admitted it: LogiCorp's copy has it too.
    await partner.ws.section('Charter');
    await partner.page.getByRole('group', { name: 'Charter view' }).getByRole('button', { name: 'History (1)' }).click();
    await partner.page.getByRole('list', { name: 'Versions, newest first' }).getByText('First draft').waitFor();

    // Edit: words added to a paragraph, and a new paragraph after it.
    await views.getByRole('button', { name: 'Text' }).click();
    await ws.charter().getByText('Why we are together', { exact: false }).click();
    await page.keyboard.press('End');
    await page.keyboard.type(' Together we serve the Lyon region.');
    await page.keyboard.press('Enter');
    await page.keyboard.type('A new clause on data sharing.');
    await ws.waitForCharterText('A new clause on data sharing.');

    // Compare the named version with the live text: inserted words and the inserted paragraph are marked.
    await views.getByRole('button', { name: /^History/ }).click();
    await versions.getByRole('button', { name: /^Compare “First draft”/ }).click();
    const diff = page.getByLabel('Differences');
    await diff.locator('ins', { hasText: 'Together we serve the Lyon region.' }).waitFor();
    await diff.locator('ins', { hasText: 'A new clause on data sharing.' }).waitFor();
    await page.getByText('2 blocks differ.').waitFor();
    await shoot(page, 'charter-history-compare');

    // Restore the changed paragraph alone: its added words go, the new clause stays.
    await diff.getByRole('button', { name: /^Restore this paragraph: Why we are together/ }).click();
    await page.getByText('1 block differs.').waitFor();
    expect(await diff.locator('ins', { hasText: 'Lyon region' }).count()).toBe(0);

    // Restore the whole version: back to the text, as it was when it was named.
    await page.getByRole('button', { name: 'Restore this whole version' }).click();
    await views.getByRole('button', { name: 'Text', pressed: true }).waitFor();
    await ws.charter().getByText('A new clause on data sharing.').waitFor({ state: 'detached' });
    // The whole restore is one edit of TechCo's own: Undo takes it back and Redo makes it again.
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await ws.waitForCharterText('A new clause on data sharing.');
    await page.getByRole('button', { name: 'Redo', exact: true }).click();
    await ws.charter().getByText('A new clause on data sharing.').waitFor({ state: 'detached' });
    // The text just before the restore was kept, and the restore is an edit LogiCorp receives.
    await views.getByRole('button', { name: /^History/ }).click();
    await versions.getByText('Kept just before a restore').waitFor();
    await partner.page.getByRole('group', { name: 'Charter view' }).getByRole('button', { name: 'Text' }).click();
    await partner.ws.waitForCharterText('Why we are together');
    expect(await partner.ws.charter().innerText()).not.toContain('A new clause on data sharing.');
    await shoot(page, 'charter-history-list', { fullPage: false });

    expect(errors).toEqual([]);
  });
});
