import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { createRequire } from 'node:module';
import type { AxeResults } from 'axe-core';
import { shoot, useApp } from './harness.ts';
import { createAllianceAs, invitePartner, openPartnerWindow, type PartnerWindow } from './pages/partnerWindow.ts';
import { selectInCharter } from './pages/workspacePage.ts';

const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const CLAUSE = 'A partner may leave after a notice period of 90 days.';


/** Comments on `words` with the toolbar's Comment button. */
async function commentOn(window: PartnerWindow, words: string, text: string): Promise<void> {
  await selectInCharter(window.page, words);
  await window.page.getByRole('button', { name: 'Comment', exact: true }).click();
  const form = window.page.getByRole('form', { name: 'New comment' });
  await form.getByLabel('Your comment').fill(text);
  await form.getByRole('button', { name: 'Post comment' }).click();
  await thread(window.page, words).waitFor();
}

const thread = (page: Page, quote: string): Locator => page.getByRole('article', { name: new RegExp(`thread on “${quote}”$`) });

async function reply(window: PartnerWindow, quote: string, text: string): Promise<void> {
  const on = thread(window.page, quote);
  await on.getByLabel('Reply', { exact: true }).fill(text);
  await on.getByRole('button', { name: 'Reply', exact: true }).click();
  await on.getByText(text).waitFor();
}

/** The comments of a thread as "author · partner: text", in order. */
async function commentsOf(page: Page, quote: string): Promise<string[]> {
  return thread(page, quote)
    .locator('li.comment')
    .evaluateAll((items) => items.map((li) => `${li.querySelector('.author strong')?.textContent ?? ''}: ${li.querySelector('.text')?.textContent ?? ''}`));
}

/**
 * Where the thread on `quote` sits against the paragraph its passage is in: "beside" (in the margin, outside the
 * editable text, to its right and never above the paragraph) or "under" (inside the text, after the paragraph).
 */
async function placement(page: Page, quote: string): Promise<string> {
  return thread(page, quote).evaluate((card, words) => {
    const text = card.ownerDocument.querySelector('[role="textbox"][aria-label="Charter text"]')!;
    const passage = [...text.querySelectorAll('.comment-passage')].find((p) => p.textContent === words);
    const block = passage?.closest('.ProseMirror > *');
    if (!block) return 'no passage';
    const [c, b, t] = [card.getBoundingClientRect(), block.getBoundingClientRect(), text.getBoundingClientRect()];
    if (!text.contains(card) && c.left >= t.right && c.top >= b.top - 1) return 'beside';
    if (text.contains(card) && c.top >= b.bottom - 1) return 'under';
    return `elsewhere: card ${JSON.stringify(c)}, paragraph ${JSON.stringify(b)}, text ${JSON.stringify(t)}, inside the text: ${text.contains(card)}`;
  }, quote);
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let tries = 0; tries < 100; tries++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** axe-core on the page as it is: no serious or critical finding (the same tags as the full walk). */
async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_SOURCE });
  const result = await page.evaluate<AxeResults>(
    `axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa', 'best-practice'] }, resultTypes: ['violations'] })`,
  );
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('comments on the charter (issue 14)', () => {
  const app = useApp();

  it('CMT-1, CMT-2, CMT-3, AUTH-16: two partners comment and reply while one is offline, converge, and a deleted passage\'s comment says so', async () => {
    const ada = await openPartnerWindow(app);
    await createAllianceAs(ada, app.url);
    const bo = await openPartnerWindow(app);
    await invitePartner(ada, bo, { displayName: 'Bo', organization: 'LogiCorp' });
    await ada.ws.section('Charter');
    // A new alliance starts from the full charter template.
    await ada.ws.waitForCharterText(CLAUSE);
    // Before any thread, the section teaches how to start one.
    await ada.page.getByText('Select a passage and press Comment to start a thread.').waitFor();

    await commentOn(ada, '90 days', 'Too short for us: we need time to move the depots.');
    await bo.ws.section('Charter');
    await thread(bo.page, '90 days').waitFor();
    await bo.page.locator('.comment-passage', { hasText: '90 days' }).waitFor();
    // Another partner's comment is not Bo's to edit or delete.
    expect(await thread(bo.page, '90 days').getByRole('button', { name: /^(Edit|Delete) your comment/ }).count()).toBe(0);
    expect(await thread(ada.page, '90 days').getByRole('button', { name: /^(Edit|Delete) your comment/ }).count()).toBe(2);

    // Bo goes offline, replies and opens a thread of his own; Ada replies meanwhile.
    await bo.context.setOffline(true);
    await bo.ws.waitForConnection(/^Connection: Offline/);
    await reply(bo, '90 days', 'We could live with 180 days.');
    await commentOn(bo, 'notice period', 'Does the notice start when it is sent, or when it is received?');
    await reply(ada, '90 days', 'Then 120, and a plan for the depots.');
    await bo.context.setOffline(false);

    const expected = [
      'Ada · TechCo: Too short for us: we need time to move the depots.',
      'Bo · LogiCorp: We could live with 180 days.',
      'Ada · TechCo: Then 120, and a plan for the depots.',
    ];
    for (const window of [ada, bo]) {
      await thread(window.page, 'notice period').waitFor();
      await until(async () => (await commentsOf(window.page, '90 days')).length === 3, 'the replies to converge');
      expect((await commentsOf(window.page, '90 days')).sort()).toEqual([...expected].sort());
      expect(await commentsOf(window.page, 'notice period')).toEqual(['Bo · LogiCorp: Does the notice start when it is sent, or when it is received?']);
      // The Charter tab counts the open threads.
      await window.page.locator('#charter-open-threads', { hasText: '2 open comment threads' }).waitFor({ state: 'attached' });
    }
    await shoot(ada.page, 'charter-comments');

    // Ada rewrites the clause: "notice period" goes, the thread on it says so and keeps its words.
    await selectInCharter(ada.page, 'a notice period of ');
    await ada.page.keyboard.press('Backspace');
    await ada.ws.waitForCharterText('A partner may leave after 90 days.');
    for (const window of [ada, bo]) {
      const gone = thread(window.page, 'notice period');
      await gone.getByText('The passage this comment was on was deleted.').waitFor();
      await gone.getByText('“notice period”').waitFor();
      // The other passage followed its words through the edit.
      await window.page.locator('.comment-passage', { hasText: '90 days' }).waitFor();
      expect(await window.page.locator('.comment-passage').first().textContent()).toBe('90 days');
    }

    // Bo resolves the first thread: one left open.
    await thread(bo.page, '90 days').getByRole('button', { name: 'Resolve' }).click();
    await thread(ada.page, '90 days').getByText('Resolved by Bo').waitFor();
    await ada.page.locator('#charter-open-threads', { hasText: '1 open comment thread' }).waitFor({ state: 'attached' });
    await shoot(bo.page, 'charter-comments-resolved');

    // By keyboard alone: select, Ctrl+Alt+M, write, Tab to "Post comment"; the new thread takes the focus.
    await selectInCharter(bo.page, 'Shared assets');
    await bo.page.keyboard.press('Control+Alt+M');
    await bo.page.waitForFunction(`document.activeElement?.id === 'new-comment'`);
    await bo.page.keyboard.type('Which assets: the depots too?');
    await bo.page.keyboard.press('Tab');
    await bo.page.keyboard.press('Enter');
    await bo.page.waitForFunction(`document.activeElement?.getAttribute('aria-label') === 'Comment thread on “Shared assets”'`);
    await ada.page.locator('#charter-open-threads', { hasText: '2 open comment threads' }).waitFor({ state: 'attached' });

    for (const width of [1280, 360]) {
      await ada.page.setViewportSize({ width, height: 800 });
      await thread(ada.page, '90 days').waitFor();
      // On a laptop the threads are beside their paragraph, out of the editable text; on a phone, under it.
      const expected = width > 1000 ? 'beside' : 'under';
      // A new width redraws the threads in the next frames: wait for them, then say where they are if not there.
      await until(async () => (await placement(ada.page, 'Shared assets')) === expected, `the thread's place at ${width} px`).catch(() => undefined);
      expect(await placement(ada.page, 'Shared assets'), `the thread's place at ${width} px`).toBe(expected);
      expect(await axe(ada.page), `axe at ${width} px`).toEqual([]);
    }

    // Still on a phone: a long passage's quote in the new comment's form is cut, and widens nothing; the toolbar is
    // one row, so the text stays in view.
    await selectInCharter(ada.page, 'Partners raise a conflict openly within two weeks, first between the people involved');
    await ada.page.getByRole('button', { name: 'Comment', exact: true }).click();
    await ada.page.getByRole('form', { name: 'New comment' }).waitFor();
    await shoot(ada.page, 'charter-comment-form', { fullPage: false });
    expect(await ada.page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    const toolbar = await ada.page.getByRole('toolbar', { name: 'Charter formatting' }).boundingBox();
    const button = await ada.page.getByRole('button', { name: 'Bold' }).boundingBox();
    expect(toolbar!.height).toBeLessThan(2 * button!.height);
    await ada.page.getByRole('form', { name: 'New comment' }).getByRole('button', { name: 'Cancel' }).click();
  }, 120_000);
});
