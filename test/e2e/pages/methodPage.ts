import type { Locator, Page } from 'playwright-core';
import { openSection, type SectionName } from './workspacePage.ts';

/** The method's sections of one alliance — decisions, exit plan, export — found by role and label. */
export class MethodPage {
  constructor(readonly page: Page) {}

  async section(name: SectionName): Promise<void> {
    await openSection(this.page, name);
  }

  // ---------------------------------------------------------------- decisions

  async propose(input: { title: string; body?: string; category: 'Strategic' | 'Execution' | 'Critical' }): Promise<void> {
    await this.page.getByRole('button', { name: 'Propose a decision' }).click();
    const form = this.page.getByRole('form', { name: 'Propose a decision' });
    await form.getByLabel('Title').fill(input.title);
    if (input.body) await form.getByLabel('What is proposed').fill(input.body);
    await form.getByLabel('Category').selectOption({ label: input.category });
    await form.getByRole('button', { name: 'Propose', exact: true }).click();
    await form.waitFor({ state: 'detached' });
  }

  decision(title: string): Locator {
    return this.page.getByRole('article', { name: title });
  }

  /** The live outcome the rules give, as shown on the card ("Pending", "Passed", …). */
  outcome(title: string): Locator {
    return this.page.getByRole('status', { name: `Outcome of ${title}` });
  }

  async waitForOutcome(title: string, outcome: string): Promise<void> {
    await this.outcome(title).filter({ hasText: outcome }).waitFor();
  }

  async vote(title: string, choice: 'Yes' | 'No' | 'Abstain' | 'Veto'): Promise<void> {
    const button = this.decision(title).getByRole('group', { name: /^Vote as / }).getByRole('button', { name: choice, exact: true });
    await button.click();
    await this.decision(title).getByRole('group', { name: /^Vote as / }).locator('button[aria-pressed="true"]', { hasText: choice }).waitFor();
  }

  /** The vote shown for a partner on a decision's ballot. */
  ballotLine(title: string, partner: string): Locator {
    return this.page.getByRole('list', { name: `Votes on ${title}` }).getByRole('listitem').filter({ hasText: partner });
  }

  steeringCommittee(): Locator {
    return this.page.getByRole('region', { name: /^With the steering committee/ });
  }

  operationalTeam(): Locator {
    return this.page.getByRole('region', { name: /^At the operational team/ });
  }

  // ---------------------------------------------------------------- exit plan

  /** The id of a partner, as the exit form's partner choice carries it. */
  async partnerId(name: string): Promise<string> {
    await this.page.getByRole('button', { name: "Start a partner's exit" }).click();
    const value = await this.page.getByLabel('Partner leaving').locator('option', { hasText: name }).getAttribute('value');
    await this.page.getByRole('button', { name: 'Cancel' }).click();
    if (!value) throw new Error(`No partner named ${name}`);
    return value;
  }

  /** Records a partner's exit that takes effect today. */
  async exitToday(partner: string): Promise<void> {
    await this.page.getByRole('button', { name: "Start a partner's exit" }).click();
    const form = this.page.getByRole('form', { name: "Start a partner's exit" });
    await form.getByLabel('Partner leaving').selectOption({ label: partner });
    const today = await form.getByLabel('Notice given on').inputValue();
    await form.getByLabel('Exit takes effect on').fill(today);
    await form.getByRole('checkbox').check();
    await form.getByRole('button', { name: 'Record the exit' }).click();
    await this.page.getByRole('list', { name: 'Partners leaving or gone' }).getByRole('listitem').filter({ hasText: partner }).filter({ hasText: 'Exited' }).waitFor();
  }
}
