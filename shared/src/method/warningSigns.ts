/**
 * Warning signs in how the partners work together, listed on the Overview beside what is overdue, so that a trust
 * deficit or a poor fit is seen before it becomes a breach. Rules WARN-1 .. WARN-3 in shared/METHOD.md.
 */
import type { AllianceSnapshot, Id } from '../schema.ts';
import { alignmentGaps } from './alignmentGaps.ts';
import { poorFits } from './health.ts';
import { trustBalances } from './trust.ts';

export type WarningSign =
  /** WARN-1: a partner's trust balance is below zero. */
  | { kind: 'trust-deficit'; partnerId: Id; partner: string; balance: number }
  /** WARN-2: red lines nothing on the interest map protects (GAP-1). */
  | { kind: 'unprotected-red-lines'; count: number }
  /** WARN-3: the latest realignment review put a partner's strategic fit at 2 of 5 or lower. */
  | { kind: 'poor-fit'; partnerId: Id; partner: string; fit: number };

/** Every warning sign, in the order of WarningSign's kinds, partners in the alliance's order. */
export function warningSigns(
  snapshot: Pick<AllianceSnapshot, 'partners' | 'trust' | 'interests' | 'alignment' | 'governance' | 'reviews'>,
): WarningSign[] {
  const present = snapshot.partners.filter((p) => p.status !== 'exited');
  const balances = trustBalances(snapshot.trust);
  const signs: WarningSign[] = [];
  for (const p of present) {
    const balance = balances.get(p.id) ?? 0;
    if (balance < 0) signs.push({ kind: 'trust-deficit', partnerId: p.id, partner: p.name, balance });
  }
  const unprotected = alignmentGaps(snapshot).filter((g) => g.kind === 'unprotected-red-line').length;
  if (unprotected > 0) signs.push({ kind: 'unprotected-red-lines', count: unprotected });
  for (const f of poorFits(snapshot)) signs.push({ kind: 'poor-fit', ...f });
  return signs;
}
