import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { TRUST_KIND_LABELS, TRUST_WITHDRAWAL_KINDS } from '@trellis/shared';

/** The trust account's withdrawals, as its buttons name them (each asks before it is recorded). */
const WITHDRAWALS = TRUST_WITHDRAWAL_KINDS.map((kind) => TRUST_KIND_LABELS[kind]);

/** The alliance's sections, as the section bar names them, in its order. */
export const SECTION_NAMES = ['Overview', 'Charter', 'Interest map', 'Trust account', 'Governance', 'Decisions', 'Commitments', 'Check-ins', 'Realignment', 'Exit plan', 'Export', 'Sharing', 'Activity'] as const;
export type SectionName = (typeof SECTION_NAMES)[number];

/** Opens a section from the section bar and waits until its tab is the one selected. */
export async function openSection(page: Page, name: SectionName): Promise<void> {
  const nav = page.getByRole('navigation', { name: 'Alliance sections' });
  await nav.getByRole('tab', { name, exact: true }).click();
  await nav.getByRole('tab', { name, exact: true, selected: true }).waitFor();
}

/**
 * Run in the page (these tests compile without the DOM's types): selects `wanted` in the charter's text as written —
 * not in the threads drawn beside it, nor in the other people's carets — as a person dragging over it would.
 */
const SELECT_IN_CHARTER = `(wanted) => {
  const editor = document.querySelector('[aria-label="Charter text"]');
  const walker = document.createTreeWalker(editor, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (node.parentElement.closest('.comment-threads, .collaboration-carets__caret') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  const nodes = [];
  let text = '';
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    nodes.push({ node, start: text.length });
    text += node.textContent;
  }
  const at = text.indexOf(wanted);
  if (at < 0) throw new Error('"' + wanted + '" is not in the charter');
  const point = (offset, end) => {
    const found = nodes.findLast((n) => (end ? n.start < offset : n.start <= offset));
    return [found.node, offset - found.start];
  };
  editor.focus();
  document.getSelection().setBaseAndExtent(...point(at, false), ...point(at + wanted.length, true));
}`;

/**
 * Selects `words` in the charter and waits until the editor has it (ProseMirror reads the browser's selection). A
 * selection set from a script is only the browser's until ProseMirror reads it: an editor update in between (a redraw
 * after the window was resized, a partner's caret) puts the editor's own selection back, so it is set again. A person's
 * drag goes through ProseMirror's own mouse handling instead.
 */
export async function selectInCharter(page: Page, words: string): Promise<void> {
  const selected = `document.getSelection()?.toString() === ${JSON.stringify(words)}`;
  for (let attempt = 1; ; attempt++) {
    await page.evaluate(`(${SELECT_IN_CHARTER})(${JSON.stringify(words)})`);
    const held = await page
      .waitForFunction(selected, undefined, { timeout: 3_000 })
      .then(() => page.waitForTimeout(100))
      .then(() => page.evaluate(selected), () => false);
    if (held === true) return;
    if (attempt === 5) throw new Error(`"${words}" could not be selected in the charter: the editor kept "${String(await page.evaluate('document.getSelection()?.toString()'))}"`);
  }
}

/** One alliance: its sections, connection status, presence; found by role and label. */
export class WorkspacePage {
  constructor(readonly page: Page) {}

  async section(name: SectionName): Promise<void> {
    await openSection(this.page, name);
  }

  /**
   * The "who are you" question on first open of a joined alliance: only the name is asked; the organization
   * (or "Facilitator", "Observer") comes from the link and is shown, and is checked when given.
   */
  async introduce(displayName: string, shown: string | null = null): Promise<void> {
    const dialog = this.identityDialog();
    await dialog.waitFor();
    if (shown) await dialog.getByRole('group', { name: /^Your (organization|role)$/ }).getByText(shown, { exact: true }).waitFor();
    await dialog.getByLabel('Your name').fill(displayName);
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await dialog.waitFor({ state: 'detached' });
  }

  identityDialog(): Locator {
    return this.page.getByRole('dialog', { name: /^Join / });
  }

  connection(): Locator {
    return this.page.getByRole('status', { name: /^Connection:/ });
  }

  async waitForConnection(text: string | RegExp): Promise<void> {
    await this.page.getByRole('status', { name: typeof text === 'string' ? `Connection: ${text}` : text }).waitFor();
  }

  presence(): Locator {
    return this.page.getByRole('region', { name: 'Here now' });
  }

  // ---------------------------------------------------------------- charter

  charter(): Locator {
    return this.page.getByRole('textbox', { name: 'Charter text' });
  }

  /** Types a new paragraph at the end of the charter. */
  async appendToCharter(text: string): Promise<void> {
    const editor = this.charter();
    await editor.click();
    // The click's own caret can land after Ctrl+End (ProseMirror reads the DOM selection a moment later), so the
    // caret is moved until nothing of the charter lies after it.
    await expect
      .poll(async () => {
        await this.page.keyboard.press('Control+End');
        return editor.evaluate((element) => {
          const selection = element.ownerDocument.getSelection();
          if (!selection || selection.rangeCount === 0 || !element.contains(selection.focusNode)) return false;
          // Text after the caret, leaving out what is not the charter's (other people's named cursors).
          const [SHOW_TEXT, FOLLOWING, CONTAINED_BY] = [4, 4, 16]; // NodeFilter's and Node's constants (no DOM types here)
          const walker = element.ownerDocument.createTreeWalker(element, SHOW_TEXT);
          let after = '';
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (node.parentElement?.closest('[contenteditable="false"]')) continue;
            const position = selection.focusNode!.compareDocumentPosition(node);
            if (node === selection.focusNode) after += (node.textContent ?? '').slice(selection.focusOffset);
            else if (position & FOLLOWING && !(position & CONTAINED_BY)) after += node.textContent ?? '';
            else if (position & CONTAINED_BY && selection.focusOffset <= [...selection.focusNode!.childNodes].findIndex((child) => child.contains(node))) after += node.textContent ?? '';
          }
          return selection.isCollapsed && after === '';
        });
      })
      .toBe(true);
    await this.page.keyboard.press('Enter');
    await this.page.keyboard.type(text);
    await this.waitForCharterText(text);
  }

  async waitForCharterText(text: string): Promise<void> {
    await this.charter().getByText(text, { exact: false }).first().waitFor();
  }

  // ---------------------------------------------------------------- interest map

  /** Adds an interest for the partner this link acts for (`partner` is checked: it is shown, not chosen). */
  async addInterest(input: { partner: string; kind: 'Explicit' | 'Implicit' | 'Red line'; layer: 'Strategic' | 'Operational' | 'Relational'; text: string }): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Add an interest' });
    expect(await form.getByLabel('Partner', { exact: true }).inputValue()).toBe(input.partner);
    await form.getByLabel('Kind').selectOption({ label: input.kind });
    await form.getByLabel('Layer').selectOption({ label: input.layer });
    await form.getByLabel('Interest', { exact: true }).fill(input.text);
    await form.getByRole('button', { name: 'Add interest' }).click();
  }

  /** Links two interests, each named as the form lists it: "Partner · Kind · text". */
  async linkInterests(from: string, relation: 'supports' | 'conflicts with', to: string, note = ''): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Link two interests' });
    await form.getByLabel('Interest', { exact: true }).selectOption({ label: from });
    await form.getByLabel('Relation').selectOption({ label: relation });
    await form.getByLabel('Other interest').selectOption({ label: to });
    await form.getByLabel('Note').fill(note);
    await form.getByRole('button', { name: 'Link interests' }).click();
  }

  links(): Locator {
    return this.page.getByRole('list', { name: 'Links', exact: true });
  }

  interestList(partner: string, layer: string): Locator {
    return this.page.getByRole('list', { name: `${partner} — ${layer} interests` });
  }

  // ---------------------------------------------------------------- trust

  async recordTrust(partner: string, kind: string | RegExp, note: string): Promise<void> {
    await this.page.getByLabel('Whose act').selectOption({ label: partner });
    await this.page.getByLabel('Note').fill(note);
    await this.page.getByRole('button', { name: kind }).click();
    // A withdrawal asks first; a deposit is recorded at once.
    const withdrawal = WITHDRAWALS.some((label) => (typeof kind === 'string' ? kind.includes(label) : kind.test(label)));
    if (withdrawal) await this.page.getByRole('group', { name: 'Confirm the withdrawal' }).getByRole('button', { name: 'Record the withdrawal' }).click();
  }

  trustLog(): Locator {
    return this.page.getByRole('list', { name: 'Trust log' });
  }

  // ---------------------------------------------------------------- sharing

  /**
   * Makes a link and returns its URL (shown once): for a partner, or without one a facilitator's (edit) or an
   * observer's (view).
   */
  async createLink(label: string, role: 'Can edit' | 'View only' | 'Owner', partner?: string): Promise<string> {
    const audience = partner ?? (role === 'View only' ? 'Observer — view only' : 'Facilitator — shared text only');
    await this.page.getByLabel('Partner', { exact: true }).selectOption({ label: audience });
    await this.page.getByLabel('For whom').fill(label);
    if (partner) await this.page.getByLabel('Role').selectOption({ label: role === 'Owner' ? 'Owner (can manage links and partners)' : role });
    await this.page.getByRole('button', { name: 'Create link' }).click();
    const field = this.page.getByRole('textbox', { name: `Link for ${label}` });
    await field.waitFor();
    return field.inputValue();
  }

  async revokeLink(label: string): Promise<void> {
    await this.page.getByRole('button', { name: `Revoke link for ${label}` }).click();
    // Revoking asks first: the link never works again.
    await this.page.getByRole('group', { name: `Confirm revoking the link for ${label}` }).getByRole('button', { name: 'Revoke the link' }).click();
    await this.page.getByRole('row').filter({ hasText: label }).filter({ hasText: 'Revoked' }).waitFor();
  }
}
