import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AllianceDocument } from '@trellis/shared';
import { exitedPartnerIds, linksToRevoke, revokeExitedLinks, type LinkManager, type PartnerLink } from './exitRevocation.ts';

const DAY = 86_400_000;

/** An in-memory relay link table with the same calls as RelayApi. */
class LinkTable implements LinkManager {
  calls: string[] = [];
  constructor(public links: PartnerLink[]) {}
  async listLinks(): Promise<PartnerLink[]> {
    this.calls.push('list');
    return this.links.map((l) => ({ ...l }));
  }
  async revokeLink(_alliance: string, _secret: string, linkId: string): Promise<void> {
    this.calls.push(`revoke ${linkId}`);
    this.links = this.links.map((l) => (l.id === linkId ? { ...l, revoked: true } : l));
  }
}

describe('exit revocation', () => {
  it('finds partners whose exit has taken effect', () => {
    let clock = Date.UTC(2026, 0, 5);
    const alliance = AllianceDocument.create(new Y.Doc(), { name: 'x', mode: 'full', partners: [{ name: 'A' }, { name: 'B' }, { name: 'C' }] }, { now: () => clock });
    const [a, b] = alliance.snapshot().partners.map((p) => p.id) as [string, string];
    alliance.startExit(a, { noticeAt: clock - 2 * DAY, effectiveAt: clock - DAY });
    alliance.startExit(b, { effectiveAt: clock + 10 * DAY });
    expect(exitedPartnerIds(alliance.snapshot(), clock)).toEqual([a]);
    clock += 11 * DAY;
    expect(exitedPartnerIds(alliance.snapshot(), clock).sort()).toEqual([a, b].sort());
  });

  it('revokes only the live links made for exited partners', async () => {
    const table = new LinkTable([
      { id: 'l1', label: 'A edit', revoked: false, partnerId: 'A' },
      { id: 'l2', label: 'A view', revoked: true, partnerId: 'A' },
      { id: 'l3', label: 'B edit', revoked: false, partnerId: 'B' },
      { id: 'l4', label: 'Owner', revoked: false, partnerId: null },
      { id: 'l5', label: 'Old relay', revoked: false },
    ]);
    expect(linksToRevoke(table.links, ['A']).map((l) => l.id)).toEqual(['l1']);
    expect(await revokeExitedLinks(table, 'alliance', 'secret', ['A'])).toEqual(['l1']);
    expect(table.links.filter((l) => !l.revoked).map((l) => l.id)).toEqual(['l3', 'l4', 'l5']);
    expect(await revokeExitedLinks(table, 'alliance', 'secret', [])).toEqual([]);
    expect(table.calls).toEqual(['list', 'revoke l1']);
  });
});
