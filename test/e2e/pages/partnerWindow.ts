import type { BrowserContext, Page } from 'playwright-core';
import type { AppUnderTest } from '../harness.ts';
import { MethodPage } from './methodPage.ts';
import { PortfolioPage } from './portfolioPage.ts';
import { WorkspacePage } from './workspacePage.ts';

/** One person's browser on the app: its own context (device), page and page models. */
export interface PartnerWindow {
  context: BrowserContext;
  page: Page;
  ws: WorkspacePage;
  m: MethodPage;
}

export async function openPartnerWindow(app: Pick<AppUnderTest, 'newContext'>, size?: { width: number; height: number }): Promise<PartnerWindow> {
  const context = await app.newContext(size);
  const page = await context.newPage();
  return { context, page, ws: new WorkspacePage(page), m: new MethodPage(page) };
}

export interface NewAlliance {
  name: string;
  organization: string;
  partners: string[];
  displayName: string;
  mode?: 'full' | 'light';
}

/** The alliance most stories start from: Ada creates it for TechCo, with LogiCorp as the other partner. */
export const HARBOUR_FREIGHT: NewAlliance = { name: 'Harbour Freight', organization: 'TechCo', partners: ['LogiCorp'], displayName: 'Ada' };

/**
 * Creates an alliance from the portfolio and waits until the relay has it (Synced), so that links made next open it
 * elsewhere. Returns its id.
 */
export async function createAllianceAs(owner: PartnerWindow, baseUrl: string, alliance: NewAlliance = HARBOUR_FREIGHT): Promise<string> {
  const portfolio = new PortfolioPage(owner.page);
  await portfolio.open(baseUrl);
  const id = await portfolio.createAlliance(alliance);
  await owner.ws.waitForConnection('Synced');
  return id;
}

/** Opens a link on another device, answers the "who are you" question and waits until that copy is in sync. */
export async function openPartnerLink(partner: PartnerWindow, link: string, displayName: string, shown: string): Promise<void> {
  await partner.page.goto(link);
  await partner.ws.introduce(displayName, shown);
  await partner.ws.waitForConnection('Synced');
}

/**
 * The owner makes an edit link for a partner organization (or an owner link for its own) in Sharing, and the invited
 * person opens it on their device, in sync. The link's label is the person's name.
 */
export async function invitePartner(
  owner: PartnerWindow,
  invited: PartnerWindow,
  person: { displayName: string; organization: string; role?: 'Can edit' | 'Owner' },
): Promise<void> {
  await owner.ws.section('Sharing');
  const link = await owner.ws.createLink(person.displayName, person.role ?? 'Can edit', person.organization);
  await openPartnerLink(invited, link, person.displayName, person.organization);
}
