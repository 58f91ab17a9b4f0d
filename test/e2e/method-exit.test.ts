import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './harness.ts';
import { createAllianceAs, HARBOUR_FREIGHT, openPartnerLink, openPartnerWindow, type PartnerWindow } from './pages/partnerWindow.ts';

/**
 * A partner's exit taking effect: the owner's session revokes the links made for that partner; the
 * partner's browser says so and keeps its copy, read-only.
 */
describe('an exit taking effect', () => {
  const app = useApp();
  let owner: PartnerWindow;
  let leaving: PartnerWindow;
  let allianceId = '';

  beforeAll(async () => {
    owner = await openPartnerWindow(app);
    leaving = await openPartnerWindow(app);
  });

  it('revokes the leaving partner’s link; that partner keeps a read-only copy', async () => {
    allianceId = await createAllianceAs(owner, app.url, { ...HARBOUR_FREIGHT, name: 'Canal Logistics' });

    // A link made for LogiCorp, as the Sharing section makes it: the relay records which partner it is for.
    await owner.m.section('Exit plan');
    const logiCorp = await owner.m.partnerId('LogiCorp');
    const made = await owner.page.evaluate(
      async ({ id, partnerId }) => {
        const entry = JSON.parse((globalThis as unknown as { localStorage: { getItem(key: string): string | null } }).localStorage.getItem(`trellis.alliance.v1.${id}`) ?? '{}') as { secret: string };
        const response = await fetch(`/api/alliances/${id}/links`, {
          method: 'POST',
          headers: { authorization: `Bearer ${entry.secret}`, 'content-type': 'application/json' },
          body: JSON.stringify({ role: 'edit', label: 'LogiCorp', partnerId }),
        });
        return (await response.json()) as { id: string; token: string };
      },
      { id: allianceId, partnerId: logiCorp },
    );
    await openPartnerLink(leaving, `${app.url}/#/a/${allianceId}?key=${made.token}&role=edit`, 'Bo', 'LogiCorp');
    await leaving.m.section('Decisions');
    await leaving.page.getByRole('button', { name: 'Propose a decision' }).waitFor();

    // LogiCorp gives its own notice, effective today (AUTH-9); the owner's session then revokes LogiCorp's links.
    await leaving.m.section('Exit plan');
    await leaving.m.exitToday('LogiCorp');

    // The owner's session revokes the link; the relay closes LogiCorp's socket.
    await leaving.page.getByText('This link was revoked by the alliance owner').first().waitFor();
    const links = await owner.page.evaluate(async (id) => {
      const entry = JSON.parse((globalThis as unknown as { localStorage: { getItem(key: string): string | null } }).localStorage.getItem(`trellis.alliance.v1.${id}`) ?? '{}') as { secret: string };
      const response = await fetch(`/api/alliances/${id}/links`, { headers: { authorization: `Bearer ${entry.secret}` } });
      return (await response.json()) as { id: string; revoked: boolean; partnerId?: string | null }[];
    }, allianceId);
    expect(links.find((l) => l.id === made.id)).toMatchObject({ revoked: true, partnerId: logiCorp });
    // Only LogiCorp's link went: TechCo's owner link (the creator's, bound to TechCo when the alliance registered) is live.
    const others = links.filter((l) => l.partnerId !== null && l.partnerId !== logiCorp);
    expect(others.length).toBeGreaterThan(0);
    expect(others.every((l) => !l.revoked)).toBe(true);

    // The copy stays on LogiCorp's device, read-only: everything readable, nothing editable.
    await leaving.page.getByRole('heading', { name: 'Canal Logistics' }).waitFor();
    await leaving.m.section('Decisions');
    await leaving.page.getByRole('button', { name: 'Propose a decision' }).waitFor({ state: 'detached' });
    await leaving.m.section('Exit plan');
    await leaving.page.getByRole('list', { name: 'Partners leaving or gone' }).getByText('LogiCorp').waitFor();
    expect(await leaving.page.getByRole('button', { name: "Start a partner's exit" }).count()).toBe(0);
    expect(await leaving.page.getByLabel('Notice period').isDisabled()).toBe(true);
    await leaving.page.reload();
    await leaving.page.getByRole('heading', { name: 'Canal Logistics' }).waitFor();
    await leaving.page.getByText('This link was revoked by the alliance owner').first().waitFor();
  });
});
