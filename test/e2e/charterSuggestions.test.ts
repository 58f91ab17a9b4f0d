import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { shoot, useApp } from './harness.ts';
import { createAllianceAs, invitePartner, openPartnerWindow } from './pages/partnerWindow.ts';
import { selectInCharter } from './pages/workspacePage.ts';

const CLAUSE = 'A partner may leave after a notice period of 90 days.';


/** The charter's text as the editor shows it, struck words included, without the other people's carets. */
async function charterText(page: Page): Promise<string> {
  return page.evaluate<string>(`(() => {
    const copy = document.querySelector('[aria-label="Charter text"]').cloneNode(true);
    copy.querySelectorAll('.collaboration-carets__caret, .comment-threads').forEach((n) => n.remove());
    return copy.textContent;
  })()`);
}

/** The suggestions in the charter's text: kind, author's colour and words. */
async function marked(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`[...document.querySelectorAll('[aria-label="Charter text"] .suggestion')].map(
    (n) => n.tagName.toLowerCase() + ' ' + n.style.getPropertyValue('--suggestion-color') + ' ' + n.textContent,
  )`);
}

/** The colour a style attribute gives `--suggestion-color`. */
const colorIn = (style: string | null) => /--suggestion-color:\s*(#[0-9a-f]{6})/i.exec(style ?? '')?.[1] ?? null;

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let tries = 0; tries < 100; tries++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('suggestions in the charter (issue 14)', () => {
  const app = useApp();

  it('SUG-1, SUG-2, SUG-3: LogiCorp suggests in its colour, cannot accept its own, and TechCo accepts one and rejects the other', async () => {
    const ada = await openPartnerWindow(app);
    await createAllianceAs(ada, app.url);
    const bo = await openPartnerWindow(app);
    await invitePartner(ada, bo, { displayName: 'Bo', organization: 'LogiCorp' });
    await ada.ws.section('Charter');
    await bo.ws.section('Charter');
    await ada.ws.waitForCharterText(CLAUSE);
    await bo.ws.waitForCharterText(CLAUSE);
    // Before any suggestion, the list teaches how to make one.
    await bo.page.getByRole('button', { name: 'Suggestions (0)' }).click();
    await bo.page.getByText('No open suggestions. To propose wording without changing the text').waitFor();

    // Bo (LogiCorp) turns Suggest on, replaces "90" with "120" and deletes "notice ".
    const suggest = bo.page.getByRole('button', { name: 'Suggest', exact: true });
    await suggest.click();
    expect(await suggest.getAttribute('aria-pressed')).toBe('true');
    await selectInCharter(bo.page, '90');
    await bo.page.keyboard.type('120');
    await selectInCharter(bo.page, 'notice ');
    await bo.page.keyboard.press('Backspace');
    // The text keeps every word, the suggestions drawn over them.
    expect(await charterText(bo.page)).toContain('A partner may leave after a notice period of 90120 days.');

    // Ada (TechCo) sees both, in LogiCorp's colour, and the toolbar counts them. The list did not open under her
    // while she was in the text; it opens with the charter when there are suggestions.
    const count = ada.page.getByRole('button', { name: 'Suggestions (2)' });
    await count.waitFor();
    expect(await count.getAttribute('aria-expanded')).toBe('false');
    await ada.ws.section('Overview');
    await ada.ws.section('Charter');
    await ada.page.locator('#charter-suggestions').waitFor();
    const logiColor = colorIn(await ada.page.locator('.suggestions .group').first().getAttribute('style'));
    expect(logiColor).toMatch(/^#[0-9a-f]{6}$/);
    expect(await marked(ada.page)).toEqual([`del ${logiColor} notice `, `del ${logiColor} 90`, `ins ${logiColor} 120`]);
    // LogiCorp's colour: the one Bo's caret has in Ada's text.
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(logiColor!.slice(i, i + 2), 16));
    expect(await ada.page.locator('.collaboration-carets__caret').first().getAttribute('style')).toContain(`rgb(${r}, ${g}, ${b})`);
    const list = ada.page.locator('#charter-suggestions');
    await list.getByRole('heading', { name: /LogiCorp · 2 suggestions/ }).waitFor();
    await list.scrollIntoViewIfNeeded();
    await shoot(ada.page, 'charter-suggestions', { fullPage: false });

    // Bo may withdraw his own, never accept it.
    await bo.page.getByRole('button', { name: 'Suggestions (2)' }).waitFor();
    expect(await bo.page.locator('#charter-suggestions').getByRole('button', { name: /^(Accept|Reject)/ }).count()).toBe(0);
    expect(await bo.page.locator('#charter-suggestions').getByRole('button', { name: /^Withdraw your suggestion/ }).count()).toBe(2);
    // Scrolled down to the end of the charter, Bo opens the list again: it comes into view, above the text.
    await bo.page.getByRole('button', { name: 'Suggestions (2)' }).click();
    await bo.page.locator('#charter-suggestions').waitFor({ state: 'detached' });
    await bo.page.mouse.wheel(0, 20_000);
    await until(async () => (await bo.page.locator('#charter-suggestions').count()) === 0 && (await bo.page.evaluate<number>('scrollY')) > 500, 'the page scrolled down');
    await bo.page.getByRole('button', { name: 'Suggestions (2)' }).click();
    const height = bo.page.viewportSize()!.height;
    const inView = async () => {
      const top = (await bo.page.locator('#charter-suggestions').boundingBox())?.y;
      return top !== undefined && top >= 0 && top < height;
    };
    await until(inView, 'the list’s top in the viewport');

    // Ada accepts the new notice period and rejects the deletion.
    await list.getByRole('button', { name: 'Accept: LogiCorp replaces “90” with “120”' }).click();
    await list.getByRole('button', { name: 'Reject: LogiCorp removes “notice”' }).click();
    const settled = 'A partner may leave after a notice period of 120 days.';
    for (const window of [ada, bo]) {
      await window.page.getByRole('button', { name: 'Suggestions (0)' }).waitFor();
      await until(async () => (await charterText(window.page)).includes(settled), 'the settled text on both');
      expect(await marked(window.page)).toEqual([]);
    }
  }, 120_000);
});
