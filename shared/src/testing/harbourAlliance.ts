/** A three-partner alliance (TechCo, LogiCorp, Green) on a clock the test moves, for the authority and constitution tests. */
import * as Y from 'yjs';
import { AllianceDocument } from '../document/alliance.ts';
import type { Partner } from '../schema.ts';

export function harbourAlliance(start: number) {
  let clock = start;
  const alliance = AllianceDocument.create(
    new Y.Doc(),
    { name: 'Harbour Logistics', mode: 'full', partners: [{ name: 'TechCo' }, { name: 'LogiCorp' }, { name: 'Green' }] },
    { now: () => clock },
  );
  const [tech, logi, green] = alliance.snapshot().partners as [Partner, Partner, Partner];
  return { alliance, tech, logi, green, now: () => clock, tick: (ms: number) => (clock += ms) };
}
