import type { CharterRatificationSummary, CharterVersionSummary, Decision, Id } from '@trellis/shared';
import { formatDate } from '../../../app/format.ts';
import { versionTitle } from '../history/versionWords.ts';

/** The start of a content hash, enough to tell two texts apart at a glance ("abcd1234…"). */
export function shortHash(hash: string): string {
  return `${hash.slice(0, 8)}…`;
}

/** The title of the decision that ratifies a version (RAT-1): "Ratify the charter: “Signed draft” of Nov 28, 2026". */
export function ratificationTitle(version: Pick<CharterVersionSummary, 'kind' | 'name' | 'at'>): string {
  return `Ratify the charter: “${versionTitle(version)}” of ${formatDate(version.at)}`;
}

/** "Ratified v2 · Nov 28, 2026 · hash abcd1234…" */
export function ratifiedLine(r: Pick<CharterRatificationSummary, 'number' | 'ratifiedAt' | 'hash'>): string {
  return `Ratified v${r.number} · ${formatDate(r.ratifiedAt)} · hash ${shortHash(r.hash)}`;
}

/** Where a version stands with ratification: the numbers it was ratified as, and a decision still open on it. */
export interface VersionRatification {
  ratified: number[];
  open: Decision | null;
}

/** For the history's marks (RAT-1, RAT-5): each version's ratifications and open ratification decision. */
export function versionRatifications(decisions: readonly Decision[], ratifications: readonly CharterRatificationSummary[]): Map<Id, VersionRatification> {
  const out = new Map<Id, VersionRatification>();
  const of = (id: Id) => out.get(id) ?? (out.set(id, { ratified: [], open: null }), out.get(id)!);
  for (const r of ratifications) of(r.versionId).ratified.push(r.number);
  for (const d of decisions) {
    if (d.change?.kind !== 'ratify-charter') continue;
    const pending = d.status === 'open' || d.status === 'escalated' || (d.status === 'decided' && d.outcome === 'passed' && d.appliedAt === null);
    if (pending) of(d.change.versionId).open = d;
  }
  return out;
}
