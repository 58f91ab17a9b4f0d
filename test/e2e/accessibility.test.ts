import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createRequire } from 'node:module';
import type { AxeResults, RunOptions } from 'axe-core';
import { formatAllianceLink, newAllianceId, newSecret } from '@trellis/shared';
import { startApp, type AppUnderTest } from './harness.ts';
import { PortfolioPage } from './pages/portfolioPage.ts';

/**
 * axe-core on every screen of the app at 1280 and 360 px, with its forms open and their errors shown (issue 15):
 * no serious or critical finding. Every rule runs, the experimental ones too (label-content-name-mismatch is one),
 * on the whole page: nothing is excluded.
 */

const WIDTHS = [1280, 360] as const;
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa', 'best-practice', 'experimental'];
const BLOCKING = new Set(['serious', 'critical']);
const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
// Only violations are gathered: collecting every pass and incomplete node doubled each run.
const AXE_OPTIONS: RunOptions = { runOnly: { type: 'tag', values: TAGS }, resultTypes: ['violations'] };

/** Where a screenshot of every screen checked goes, to be looked at (SHOTS_DIR), or nowhere. */
const SHOTS = process.env.SHOTS_DIR ?? null;

interface Finding {
  screen: string;
  rule: string;
  impact: string;
  targets: string[];
}

async function findings(page: Page, screen: string): Promise<Finding[]> {
  const result = await page.evaluate<AxeResults>(`axe.run(${JSON.stringify(AXE_OPTIONS)})`);
  return result.violations.map((v) => ({
    screen,
    rule: v.id,
    impact: v.impact ?? 'unknown',
    // Where, and axe's own words on why (a contrast finding gives both colours and the ratio).
    targets: v.nodes.map((n) => `${n.target.join(' ')} — ${[...n.any, ...n.all, ...n.none].map((c) => c.message).join('; ')}`),
  }));
}

/** The accessible names (as axe computes them) of the visible buttons whose name matches. */
async function buttonNames(page: Page, pattern: RegExp): Promise<string[]> {
  // A string run in the page (these tests compile without the DOM's types), with axe's own name computation.
  const names = await page.evaluate<string[]>(`(() => {
    axe.setup(document);
    const visible = [...document.querySelectorAll('button')].filter((b) => b.offsetParent !== null);
    const names = visible.map((b) => axe.commons.text.accessibleText(b).trim());
    axe.teardown();
    return names;
  })()`);
  return names.filter((name) => pattern.test(name));
}

async function openSection(page: Page, name: string): Promise<void> {
  const bar = page.getByRole('tablist', { name: 'Alliance sections' });
  await bar.getByRole('tab', { name, exact: true }).click();
  await bar.getByRole('tab', { name, exact: true, selected: true }).waitFor();
  await page.getByRole('tabpanel', { name }).waitFor();
}

/** Every screen, in the order a new user meets them; `check` runs axe on what is shown. */
async function walk(app: AppUnderTest, page: Page, check: (screen: string) => Promise<void>): Promise<void> {
  const portfolio = new PortfolioPage(page);
  await portfolio.open(app.url);
  await check('portfolio, empty');

  await page.getByRole('button', { name: 'New alliance' }).click();
  await page.getByLabel('Alliance name').waitFor();
  await check('new-alliance form');
  await page.getByLabel('Alliance name').fill('Errors shown');
  await page.getByLabel('Your organization').fill('TechCo');
  await page.getByLabel('Your name').fill('Ada');
  await page.getByLabel('Other partner organizations').fill(['LogiCorp', 'x'.repeat(214)].join('\n'));
  await page.getByRole('button', { name: 'Create alliance' }).click();
  await page.getByRole('alert').filter({ hasText: 'Line 2 is 214 characters long' }).waitFor();
  await check('new-alliance form, partner line too long');
  await page.getByLabel('Alliance link').fill('not a link');
  await page.getByRole('button', { name: 'Open link' }).click();
  await page.locator('#link-error').waitFor();
  await check('portfolio, link not understood');

  await portfolio.tryExample();
  const identity = page.getByRole('dialog', { name: /^Join / });
  await identity.waitFor();
  await check('identity prompt');
  await identity.getByLabel('Your name').fill('   ');
  await identity.getByRole('button', { name: 'Continue' }).click();
  await identity.getByRole('alert').waitFor();
  await check('identity prompt, no name');
  await identity.getByLabel('Your name').fill('Amira');
  await identity.getByRole('button', { name: 'Continue' }).click();
  await identity.waitFor({ state: 'detached' });

  for (const name of ['Overview', 'Charter', 'Interest map', 'Trust account', 'Governance', 'Decisions', 'Commitments', 'Check-ins', 'Realignment', 'Exit plan', 'Export', 'Sharing', 'Activity']) {
    await openSection(page, name);
    if (name === 'Charter') await page.getByRole('toolbar', { name: 'Charter formatting' }).waitFor();
    if (name === 'Interest map') {
      // The "Remove link" buttons were named alike (and against their text): each names its own link now.
      const removeLink = await buttonNames(page, /^Remove link/);
      expect(removeLink.length).toBeGreaterThan(1);
      expect(new Set(removeLink).size).toBe(removeLink.length);
    }
    if (name === 'Activity') await page.getByRole('list', { name: 'Activity, newest first' }).getByRole('listitem').first().waitFor();
    await check(name);
    if (name === 'Charter') {
      // Suggest mode on, one suggestion typed, the list of suggestions open; then withdrawn and off again.
      await page.getByRole('button', { name: 'Suggest', exact: true }).click();
      await page.locator('[aria-label="Charter text"] p').first().click();
      await page.keyboard.press('End');
      await page.keyboard.type(' Draft.');
      await page.getByRole('button', { name: 'Suggestions (1)' }).click();
      await page.getByRole('button', { name: /^Withdraw your suggestion/ }).waitFor();
      await check('Charter, suggesting, the suggestions list');
      await page.getByRole('button', { name: /^Withdraw your suggestion/ }).click();
      await page.getByRole('button', { name: 'Suggestions (0)' }).waitFor();
      await page.getByRole('button', { name: 'Suggest', exact: true }).click();
    }
  }

  // Managing the alliance (an owner): its name and purpose, the form open and with its error shown.
  await openSection(page, 'Overview');
  await page.getByRole('button', { name: 'Edit name and purpose' }).click();
  const details = page.getByRole('form', { name: 'Name and purpose' });
  await details.getByLabel('Alliance name').waitFor();
  await check('Overview, name and purpose form');
  await details.getByLabel('Alliance name').fill('');
  await details.getByRole('button', { name: 'Save', exact: true }).click();
  await details.getByRole('alert').waitFor();
  await check('Overview, alliance with no name');
  await details.getByRole('button', { name: 'Cancel' }).click();
  await details.waitFor({ state: 'detached' });

  await openSection(page, 'Interest map');
  const addInterest = page.getByRole('form', { name: 'Add an interest' });
  await addInterest.getByRole('button', { name: 'Add interest' }).click();
  await addInterest.getByRole('alert').waitFor();
  await check('Interest map, empty interest refused');
  // Every destructive action asks first: each confirmation as it is shown.
  await page.getByRole('button', { name: /^Remove “/ }).first().click();
  const keepInterest = page.getByRole('group', { name: /^Confirm removing “/ });
  await keepInterest.waitFor();
  await check('Interest map, removal asked');
  await keepInterest.getByRole('button', { name: 'Keep' }).click();
  await keepInterest.waitFor({ state: 'detached' });

  await openSection(page, 'Commitments');
  await page.getByRole('button', { name: /^Missed…/ }).first().click();
  const miss = page.getByRole('group', { name: /^Confirm the miss: / });
  await miss.waitFor();
  await check('Commitments, miss asked');
  await miss.getByRole('button', { name: 'Not now' }).click();
  await miss.waitFor({ state: 'detached' });

  await openSection(page, 'Trust account');
  await page.getByRole('button', { name: /^− / }).first().click();
  const withdrawalAsked = page.getByRole('group', { name: 'Confirm the withdrawal' });
  await withdrawalAsked.waitFor();
  await check('Trust account, withdrawal asked');
  await withdrawalAsked.getByRole('button', { name: 'Not now' }).click();
  await withdrawalAsked.waitFor({ state: 'detached' });

  await openSection(page, 'Governance');
  const quorum = page.getByLabel('Quorum');
  await quorum.fill('150');
  await quorum.press('Tab');
  await page.getByRole('alert').filter({ hasText: 'Quorum must be' }).waitFor();
  await check('Governance, quorum refused');
  await quorum.fill('60');
  await quorum.press('Tab');
  await page.getByRole('form', { name: 'Propose a change' }).waitFor();
  await check('Governance, change proposed');

  await openSection(page, 'Decisions');
  await page.getByRole('button', { name: 'Propose a decision' }).click();
  await page.getByRole('form', { name: 'Propose a decision' }).waitFor();
  await check('Decisions, proposal form');
  const proposal = page.getByRole('form', { name: 'Propose a decision' });
  await proposal.getByLabel('Title').fill('   ');
  await proposal.getByRole('button', { name: 'Propose', exact: true }).click();
  await proposal.getByRole('alert').filter({ hasText: 'Give the decision a title.' }).waitFor();
  await check('Decisions, proposal with no title');
  await proposal.getByLabel('Title').fill('Open a second city');
  const deadline = proposal.getByLabel('Deadline');
  const twoWeeksOn = await deadline.inputValue();
  await deadline.fill('2020-01-01');
  await proposal.getByRole('button', { name: 'Propose', exact: true }).click();
  await proposal.getByRole('alert').filter({ hasText: 'That deadline has passed: pick today or a later day.' }).waitFor();
  await check('Decisions, proposal with a deadline already past');
  await deadline.fill(twoWeeksOn);
  await proposal.getByRole('button', { name: 'Propose', exact: true }).click();
  await page.getByRole('article', { name: 'Open a second city' }).getByRole('group', { name: /^Vote as / }).waitFor();
  await check('Decisions, an open decision to vote on');
  const openDecision = page.getByRole('article', { name: 'Open a second city' });
  await openDecision.getByRole('button', { name: 'Withdraw…' }).click();
  const withdrawal = openDecision.getByRole('group', { name: 'Confirm withdrawing Open a second city' });
  await withdrawal.waitFor();
  await check('Decisions, withdrawal asked');
  await withdrawal.getByRole('button', { name: 'Keep it open' }).click();
  await withdrawal.waitFor({ state: 'detached' });

  // Ratifying the charter (RAT-1): a version proposed from the history, then its decision to vote on.
  await openSection(page, 'Charter');
  await page.getByRole('group', { name: 'Charter view' }).getByRole('button', { name: /^History/ }).click();
  await page.getByRole('button', { name: 'Save version…' }).click();
  await page.getByLabel('Name this version').fill('Agreed text');
  await page.getByLabel('Name this version').press('Enter');
  await page.getByRole('button', { name: /^Propose “Agreed text” .* for ratification$/ }).click();
  const ratify = page.getByRole('form', { name: 'Propose this version for ratification' });
  await ratify.waitFor();
  await check('Charter history, ratification proposed');
  await ratify.getByRole('button', { name: 'Propose for ratification' }).click();
  await openSection(page, 'Decisions');
  await page.getByRole('article', { name: /^Ratify the charter: “Agreed text”/ }).getByRole('button', { name: 'Read the text put to the vote' }).click();
  await check('Decisions, a ratification to vote on');

  await openSection(page, 'Realignment');
  await page.getByRole('button', { name: 'Hold the review' }).click();
  await page.getByRole('button', { name: 'Record the review' }).waitFor();
  await check('Realignment, review form');

  await openSection(page, 'Exit plan');
  await page.getByRole('button', { name: "Start a partner's exit" }).click();
  await page.getByRole('form', { name: "Start a partner's exit" }).waitFor();
  await check('Exit plan, exit form');
  // Another partner's exit is proposed as a decision: the form ticked, then the proposal it leads to.
  const exitForm = page.getByRole('form', { name: "Start a partner's exit" });
  const leaving = exitForm.getByLabel('Partner leaving');
  const own = await leaving.inputValue();
  const partners = await leaving.locator('option').evaluateAll((options) => options.map((o) => o.getAttribute('value') ?? ''));
  await leaving.selectOption(partners.find((id) => id !== own)!);
  await exitForm.getByRole('checkbox').check();
  await check('Exit plan, exit form confirmed');
  await exitForm.getByRole('button', { name: 'Next: propose the exit' }).click();
  const exitProposal = page.getByRole('form', { name: 'Propose a change' });
  await exitProposal.waitFor();
  await check('Exit plan, exit proposal');
  await exitProposal.getByRole('button', { name: 'Cancel' }).click();
  await exitProposal.waitFor({ state: 'detached' });

  await openSection(page, 'Sharing');
  const newLink = page.getByRole('form', { name: 'New link' });
  await newLink.getByRole('button', { name: 'Create link' }).click();
  await newLink.getByRole('alert').waitFor();
  await check('Sharing, link with no recipient');
  await newLink.getByLabel('For whom').fill('Jonas at LogiCorp');
  await newLink.getByRole('button', { name: 'Create link' }).click();
  await page.getByRole('group', { name: /^New link for / }).waitFor();
  await check('Sharing, link made');
  await page.getByRole('button', { name: 'Revoke link for Jonas at LogiCorp' }).click();
  const revoking = page.getByRole('group', { name: 'Confirm revoking the link for Jonas at LogiCorp' });
  await revoking.waitFor();
  await check('Sharing, revocation asked');
  await revoking.getByRole('button', { name: 'Keep it' }).click();
  await revoking.waitFor({ state: 'detached' });
  // Managing partners (an owner): a partner's name refused beside its field.
  const partnersCard = page.getByRole('region', { name: 'Partners' });
  const firstPartner = partnersCard.getByRole('form').first();
  await firstPartner.getByRole('textbox').fill('');
  await firstPartner.getByRole('button', { name: /^Save / }).click();
  await firstPartner.getByRole('alert').waitFor();
  await check('Sharing, partner renamed to nothing');
  await page.keyboard.press('Control+K');
  await page.getByRole('dialog', { name: 'Jump to' }).waitFor();
  await check('command bar, open with every command');
  await page.keyboard.press('Escape');
  await page.getByRole('dialog', { name: 'Jump to' }).waitFor({ state: 'detached' });
  const addPartner = page.getByRole('form', { name: 'Add a partner' });
  await addPartner.getByRole('button', { name: 'Add partner' }).click();
  await addPartner.getByRole('alert').waitFor();
  await check('Sharing, partner with no name');

  await page.keyboard.press('Control+K');
  const commandBar = page.getByRole('dialog', { name: 'Jump to' });
  await commandBar.getByRole('combobox').fill('dec');
  await check('command bar, searching');
  await page.keyboard.press('Escape');
  await commandBar.waitFor({ state: 'detached' });

  await page.getByRole('button', { name: /^You: / }).click();
  await page.getByRole('dialog').waitFor();
  await check('rename dialog');
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'detached' });

  await portfolio.open(app.url);
  await portfolio.alliance('Green Last Mile').getByRole('heading').waitFor();
  await check('portfolio, with the example');
  await portfolio.alliance('Green Last Mile').getByRole('button', { name: 'Remove from this device… Green Last Mile' }).click();
  await page.getByRole('group', { name: /^Confirm removing Green Last Mile/ }).waitFor();
  await check('portfolio, removal from this device asked');
  await page.getByRole('group', { name: /^Confirm removing Green Last Mile/ }).getByRole('button', { name: 'Keep it' }).click();
  // Archived on this device: the archive view, then restored.
  await portfolio.alliance('Green Last Mile').getByRole('button', { name: 'Archive Green Last Mile' }).click();
  const archived = page.getByRole('list', { name: 'Archived alliances' });
  await archived.getByRole('link', { name: 'Green Last Mile' }).waitFor();
  await check('portfolio, the archive');
  await archived.getByRole('button', { name: 'Restore Green Last Mile' }).click();
  await portfolio.alliance('Green Last Mile').waitFor();

  // A new alliance: its charter as made, and an overview with nothing recorded yet.
  await portfolio.createAlliance({ name: 'Fresh start', organization: 'TechCo', partners: ['LogiCorp'], displayName: 'Ada' });
  await page.getByRole('toolbar', { name: 'Charter formatting' }).waitFor();
  await check('new alliance, its charter');
  await openSection(page, 'Overview');
  await check('new alliance, Overview');

  await page.goto(`${app.url}/#/a/${'A'.repeat(22)}`);
  await page.getByRole('heading', { name: 'This alliance is not on this device' }).waitFor();
  await check('an alliance not on this device');
  await page.goto(`${app.url}/#/nowhere`);
  await page.getByRole('heading', { name: 'Nothing here' }).waitFor();
  await check('an address that leads nowhere');
  await page.goto(formatAllianceLink(app.url, newAllianceId(), newSecret()));
  await page.getByRole('heading', { name: 'This link does not open an alliance' }).waitFor();
  await check('a link the relay does not know');
}

describe('accessibility: axe-core on every screen at 1280 and 360 px (issue 15)', () => {
  let app: AppUnderTest;

  beforeAll(async () => {
    app = await startApp();
  });

  afterAll(async () => {
    await app?.close();
  });

  it.each(WIDTHS)('at %i px no screen has a serious or critical finding', async (width) => {
    const context = await app.newContext({ width, height: 800 });
    // axe-core is in every document of the page from its start (the app moves between screens without reloading).
    await context.addInitScript({ path: AXE_SOURCE });
    const page = await context.newPage();
    const all: Finding[] = [];
    let screens = 0;
    await walk(app, page, async (screen) => {
      screens += 1;
      all.push(...(await findings(page, screen)));
      // The whole page, unless a dialog is open over it (a full-page shot would show it wherever the page was scrolled).
      const fullPage = (await page.getByRole('dialog').count()) === 0;
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/${screen.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}-${width}.png`, fullPage });
    });
    const blocking = all.filter((f) => BLOCKING.has(f.impact));
    const lesser = all.filter((f) => !BLOCKING.has(f.impact));
    if (lesser.length > 0) console.info(`${width} px, moderate or minor (not blocking):\n${lesser.map((f) => `  ${f.screen}: ${f.rule} (${f.impact}) ${f.targets.join(', ')}`).join('\n')}`);
    expect(screens).toBe(55);
    expect(blocking.map((f) => `${f.screen}: ${f.rule} (${f.impact}) ${f.targets.join(' | ')}`)).toEqual([]);
  }, 180_000);
});
