import { beforeAll, describe, expect, it } from 'vitest';
import { shoot, useApp } from './harness.ts';
import { PortfolioPage } from './pages/portfolioPage.ts';
import { createAllianceAs, invitePartner, openPartnerWindow, type PartnerWindow } from './pages/partnerWindow.ts';

/** Managing alliances (issue 15, "what users expect"): name, purpose and partners; archiving; same names told apart. */

describe('managing alliances', () => {
  const app = useApp();
  let owner: PartnerWindow;
  let partner: PartnerWindow;

  beforeAll(async () => {
    owner = await openPartnerWindow(app);
    partner = await openPartnerWindow(app);
  });

  it('an owner renames the alliance and edits its purpose; the portfolio and a partner see it', async () => {
    await createAllianceAs(owner, app.url);
    await owner.page.getByRole('tablist', { name: 'Alliance sections' }).getByRole('tab', { name: 'Overview' }).click();

    const edit = owner.page.getByRole('button', { name: 'Edit name and purpose' });
    await edit.click();
    const name = owner.page.getByLabel('Alliance name');
    expect(await name.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    // The name is checked by the document's own rule, said beside the field.
    await name.fill('');
    await owner.page.getByRole('button', { name: 'Save', exact: true }).click();
    await owner.page.getByRole('alert').filter({ hasText: 'The name is empty' }).waitFor();
    await name.fill('Harbour Freight North');
    await owner.page.getByRole('textbox', { name: /^Purpose/ }).fill('Move goods from the port to the city without diesel');
    await shoot(owner.page, 'details-edit');
    await owner.page.getByRole('button', { name: 'Save', exact: true }).click();
    await owner.page.getByRole('heading', { level: 1, name: 'Harbour Freight North' }).waitFor();
    await owner.page.getByText('Move goods from the port to the city without diesel').waitFor();
    expect(await edit.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);

    await invitePartner(owner, partner, { displayName: 'Bo', organization: 'LogiCorp' });
    await partner.page.getByRole('heading', { level: 1, name: 'Harbour Freight North' }).waitFor();
    // Only an owner link changes the alliance's name and settings (AUTH-10): an edit link is not offered it.
    await partner.page.getByText('Move goods from the port').waitFor();
    expect(await partner.page.getByRole('button', { name: 'Edit name and purpose' }).count()).toBe(0);

    await owner.page.getByRole('link', { name: '← Your alliances' }).click();
    await new PortfolioPage(owner.page).alliance('Harbour Freight North').waitFor();
  });

  it('an owner renames a partner and changes its colour; a partner’s link is not offered it', async () => {
    await owner.page.goBack();
    await owner.m.section('Sharing');
    const card = owner.page.getByRole('region', { name: 'Partners' });
    await card.getByLabel('Name of LogiCorp').fill('LogiCorp Nordic');
    await card.getByLabel('Colour of LogiCorp').selectOption({ label: 'Teal' });
    await shoot(owner.page, 'partners');
    await card.getByRole('button', { name: 'Save LogiCorp' }).click();
    await card.getByRole('status').filter({ hasText: 'Saved: LogiCorp Nordic.' }).waitFor();
    await card.getByLabel('Name of LogiCorp Nordic').waitFor();
    expect(await card.getByLabel('Colour of LogiCorp Nordic').inputValue()).toBe('#0e7490');

    // The partner's copy follows: its own organization, renamed, in its new colour.
    await partner.page.getByRole('button', { name: /^You: Bo · LogiCorp Nordic/ }).waitFor();
    await partner.m.section('Sharing');
    expect(await partner.page.getByRole('region', { name: 'Partners' }).count()).toBe(0);
  });

  it('archives an alliance on this device: out of the main list, under "Archived", and restored from there', async () => {
    const page = owner.page;
    const portfolio = new PortfolioPage(page);
    await portfolio.tryExampleAs(app.url, 'Ada');
    await portfolio.open(app.url);

    await portfolio.alliance('Harbour Freight North').getByRole('button', { name: 'Archive Harbour Freight North' }).click();
    const archived = page.getByRole('list', { name: 'Archived alliances' });
    await archived.getByRole('link', { name: 'Harbour Freight North' }).waitFor();
    expect(await portfolio.alliance('Harbour Freight North').count()).toBe(0);
    expect(await page.getByRole('heading', { name: /^Archived/ }).evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await shoot(page, 'archived');

    // It stays archived after a reload: the device keeps it.
    await page.reload();
    await archived.getByRole('link', { name: 'Harbour Freight North' }).waitFor();
    expect(await portfolio.alliance('Harbour Freight North').count()).toBe(0);

    await archived.getByRole('button', { name: 'Restore Harbour Freight North' }).click();
    await portfolio.alliance('Harbour Freight North').waitFor();
    expect(await page.getByRole('list', { name: 'Archived alliances' }).count()).toBe(0);
  });

  it('tells two alliances of the same name apart: your role and organization in each', async () => {
    const page = owner.page;
    const portfolio = new PortfolioPage(page);
    await portfolio.open(app.url);
    await portfolio.createAlliance({ name: 'Harbour Freight North', organization: 'PortAuthority', partners: ['Fjord Freight'], displayName: 'Ada' });
    await portfolio.open(app.url);
    const twins = portfolio.alliance('Harbour Freight North');
    await twins.nth(1).waitFor();
    const places = await twins.evaluateAll((cards) => cards.map((c) => c.querySelector('.place')?.textContent ?? ''));
    expect(places).toHaveLength(2);
    expect(places.some((p) => /You: Owner, for PortAuthority$/.test(p))).toBe(true);
    expect(places.some((p) => /You: Owner, for TechCo$/.test(p))).toBe(true);
    expect(places.every((p) => /^Started /.test(p))).toBe(true);
    await shoot(page, 'portfolio-twins');
  });
});
