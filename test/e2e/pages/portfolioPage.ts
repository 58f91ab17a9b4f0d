import type { Page } from 'playwright-core';
import { WorkspacePage } from './workspacePage.ts';

/** The portfolio (home): every alliance on this device, create, open a link, try the example. */
export class PortfolioPage {
  constructor(readonly page: Page) {}

  async open(baseUrl: string): Promise<void> {
    await this.page.goto(baseUrl + '/');
    await this.page.getByRole('heading', { name: 'Your alliances' }).waitFor();
  }

  /** Waits until the service worker has the app shell and controls the page: from then on it opens with no network. */
  async waitUntilOfflineReady(): Promise<void> {
    await this.page.getByRole('status').filter({ hasText: 'Works offline on this device' }).waitFor();
  }

  async createAlliance(input: { name: string; organization: string; partners: string[]; displayName: string; mode?: 'full' | 'light' }): Promise<string> {
    const page = this.page;
    await page.getByRole('button', { name: 'New alliance' }).click();
    await page.getByLabel('Alliance name').fill(input.name);
    await page.getByLabel('Your organization').fill(input.organization);
    await page.getByLabel('Your name').fill(input.displayName);
    await page.getByLabel('Other partner organizations').fill(input.partners.join('\n'));
    if (input.mode === 'light') await page.getByRole('radio', { name: /Light mode/ }).check();
    await page.getByRole('button', { name: 'Create alliance' }).click();
    await page.waitForURL(/#\/a\/[A-Za-z0-9_-]{22}\/charter$/);
    return /#\/a\/([A-Za-z0-9_-]{22})/.exec(page.url())![1]!;
  }

  async tryExample(): Promise<void> {
    await this.page.getByRole('button', { name: 'Try the example' }).click();
    await this.page.waitForURL(/#\/a\/[A-Za-z0-9_-]{22}$/);
  }

  /** Opens the portfolio, tries the example and answers the "who are you" question with a name. */
  async tryExampleAs(baseUrl: string, displayName: string): Promise<void> {
    await this.open(baseUrl);
    await this.tryExample();
    await new WorkspacePage(this.page).introduce(displayName);
  }

  alliance(name: string) {
    return this.page.getByRole('list', { name: 'Alliances on this device' }).getByRole('listitem').filter({ hasText: name });
  }
}
