import type { Locator, Page } from 'playwright-core';

export type SectionName = 'Overview' | 'Charter' | 'Interest map' | 'Trust account' | 'Sharing';

/** One alliance: its sections, connection status, presence; found by role and label. */
export class WorkspacePage {
  constructor(readonly page: Page) {}

  async section(name: SectionName): Promise<void> {
    const nav = this.page.getByRole('navigation', { name: 'Alliance sections' });
    await nav.getByRole('link', { name, exact: true }).click();
    await nav.locator('a[aria-current="page"]', { hasText: name }).waitFor();
  }

  /** The "who are you" question on first open of a joined alliance. */
  async introduce(displayName: string, organization: string | null): Promise<void> {
    const dialog = this.page.getByRole('dialog', { name: /^Join / });
    await dialog.waitFor();
    await dialog.getByLabel('Your name').fill(displayName);
    if (organization) await dialog.getByLabel('Your organization').selectOption({ label: organization });
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await dialog.waitFor({ state: 'detached' });
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
    await this.page.keyboard.press('Control+End');
    await this.page.keyboard.press('Enter');
    await this.page.keyboard.type(text);
  }

  async waitForCharterText(text: string): Promise<void> {
    await this.charter().getByText(text, { exact: false }).first().waitFor();
  }

  // ---------------------------------------------------------------- interest map

  async addInterest(input: { partner: string; kind: 'Explicit' | 'Implicit' | 'Red line'; layer: 'Strategic' | 'Operational' | 'Relational'; text: string }): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Add an interest' });
    await form.getByLabel('Partner').selectOption({ label: input.partner });
    await form.getByLabel('Kind').selectOption({ label: input.kind });
    await form.getByLabel('Layer').selectOption({ label: input.layer });
    await form.getByLabel('Interest', { exact: true }).fill(input.text);
    await form.getByRole('button', { name: 'Add interest' }).click();
  }

  interestList(partner: string, layer: string): Locator {
    return this.page.getByRole('list', { name: `${partner} — ${layer} interests` });
  }

  // ---------------------------------------------------------------- trust

  async recordTrust(partner: string, kind: string | RegExp, note: string): Promise<void> {
    await this.page.getByLabel('Whose act').selectOption({ label: partner });
    await this.page.getByLabel('Note').fill(note);
    await this.page.getByRole('button', { name: kind }).click();
  }

  trustLog(): Locator {
    return this.page.getByRole('list', { name: 'Trust log' });
  }

  // ---------------------------------------------------------------- sharing

  /** Makes a link and returns its URL (shown once). */
  async createLink(label: string, role: 'Can edit' | 'View only', partner?: string): Promise<string> {
    if (partner) await this.page.getByLabel('Partner', { exact: true }).selectOption({ label: partner });
    await this.page.getByLabel('For whom').fill(label);
    await this.page.getByLabel('Role').selectOption({ label: role });
    await this.page.getByRole('button', { name: 'Create link' }).click();
    const field = this.page.getByRole('textbox', { name: `Link for ${label}` });
    await field.waitFor();
    return field.inputValue();
  }

  async revokeLink(label: string): Promise<void> {
    await this.page.getByRole('button', { name: `Revoke link for ${label}` }).click();
    await this.page.getByRole('row').filter({ hasText: label }).filter({ hasText: 'Revoked' }).waitFor();
  }
}
