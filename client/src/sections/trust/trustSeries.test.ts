import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AllianceDocument } from '@trellis/shared';
import { trustSeries } from './trustSeries.ts';

const DAY = 86_400_000;

function setup() {
  let clock = Date.UTC(2026, 0, 5, 9);
  const alliance = AllianceDocument.create(
    new Y.Doc(),
    { name: 'Chart test', mode: 'full', partners: [{ name: 'TechCo' }, { name: 'LogiCorp' }] },
    { now: () => clock },
  );
  const [tech] = alliance.snapshot().partners.map((p) => p.id) as [string, string];
  return { alliance, tech, at: (ms: number) => (clock = ms) };
}

describe('defect 1: the trust chart and its legend show an entry as soon as it is recorded', () => {
  it('ends on the new balance when the entry is later than the app clock’s last tick', () => {
    const { alliance, tech, at } = setup();
    const lastTick = Date.UTC(2026, 2, 1, 12);
    at(lastTick + 20_000); // recorded 20 s after the clock last ticked
    alliance.recordTrust({ by: 'Amira', partnerId: tech, kind: 'information-shared-early', note: '' });
    const series = trustSeries(alliance.snapshot(), lastTick);
    const techSeries = series.partners.find((p) => p.partnerId === tech)!;
    expect(techSeries.balances.at(-1)).toBeGreaterThan(0);
    expect(series.at.at(-1)).toBe(lastTick + 20_000);
  });

  it('runs at most a day past now, whatever time a peer wrote on an entry', () => {
    const { alliance, tech, at } = setup();
    const now = Date.UTC(2026, 2, 1, 12);
    at(Date.UTC(2999, 0, 1));
    alliance.recordTrust({ by: 'Mallory', partnerId: tech, kind: 'information-shared-early', note: '' });
    expect(trustSeries(alliance.snapshot(), now).at.at(-1)).toBe(now + DAY);
  });
});
