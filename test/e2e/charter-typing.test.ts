import { beforeAll, describe, expect, it } from 'vitest';
import { shoot, useApp } from './harness.ts';
import { createAllianceAs, openPartnerWindow, type PartnerWindow } from './pages/partnerWindow.ts';

/** Typing in the charter while the screen changes under it, alone and with a partner at the same place. */
describe('typing in the charter', () => {
  const app = useApp();
  let owner: PartnerWindow;
  let allianceId = '';
  const errors: string[] = [];

  beforeAll(async () => {
    owner = await openPartnerWindow(app);
    owner.page.on('pageerror', (error) => errors.push(error.message));
    allianceId = await createAllianceAs(owner, app.url);
  });

  it('walk-through defect 7: the section changes while typing in the charter, and nothing throws (state_unsafe_mutation)', async () => {
    // A change of the address's fragment only, as the back button makes: no reload, the app follows the hash.
    const go = (section: string) => owner.page.goto(`${app.url}/#/a/${allianceId}/${section}`);
    for (const word of ['first', 'second', 'third']) {
      await owner.ws.appendToCharter(`Clause ${word}`);
      // As the back button or a shortcut does: the editor still has focus when its section goes, and its blur
      // (a ProseMirror transaction, an awareness change) fires while Svelte removes it.
      await go('overview');
      await owner.page.getByRole('tablist', { name: 'Alliance sections' }).getByRole('tab', { name: 'Overview', exact: true, selected: true }).waitFor();
      await go('charter');
      await owner.ws.waitForCharterText(`Clause ${word}`);
    }
    expect(errors).toEqual([]);
    // The toolbar still follows the editor: its state is read after each transaction, not during it.
    await owner.ws.charter().click();
    await owner.page.getByRole('button', { name: 'Bold' }).click();
    await owner.page.getByRole('button', { name: 'Bold', pressed: true }).waitFor();
    // Who is here is still right after the charter's caret came and went.
    await owner.ws.presence().getByText('Ada (you) · TechCo').waitFor();
    expect(errors).toEqual([]);
  });

  it('undo and redo in the toolbar: disabled with nothing to undo or redo and the shortcut in the title', async () => {
    const { page } = owner;
    await page.reload();
    await owner.ws.charter().waitFor();
    const undo = page.getByRole('button', { name: 'Undo', exact: true });
    const redo = page.getByRole('button', { name: 'Redo', exact: true });
    // A fresh editor has nothing of mine to undo.
    expect(await undo.isDisabled()).toBe(true);
    expect(await redo.isDisabled()).toBe(true);
    expect(await undo.getAttribute('title')).toMatch(/^Undo your last change \((Ctrl\+|⌘)Z\)$/);
    await owner.ws.appendToCharter('A clause to take back');
    await owner.ws.waitForCharterText('A clause to take back');
    await undo.click();
    await owner.ws.charter().getByText('A clause to take back').waitFor({ state: 'detached' });
    expect(await redo.isDisabled()).toBe(false);
    await shoot(page, 'charter-undo-redo', { fullPage: false });
    await redo.click();
    await owner.ws.waitForCharterText('A clause to take back');
    expect(await redo.isDisabled()).toBe(true);
    expect(await undo.isDisabled()).toBe(false);
    expect(errors).toEqual([]);
  });
});
