/**
 * A person's alliances side by side, so that no single alliance is existential.
 * Rule PORTFOLIO-1 in shared/METHOD.md.
 */
import type { Id } from '../schema.ts';

/** Below this many open commitments in all, concentration says little. */
export const PORTFOLIO_MIN_COMMITMENTS = 4;

export interface PortfolioConcentration {
  total: number;
  /** Each alliance's share of all open commitments (0 when there are none), in the order given. */
  shares: { id: Id; openCommitments: number; share: number }[];
  /** Set when one alliance carries more than half of all open commitments. */
  warning: { id: Id; share: number; message: string } | null;
}

/** Warns when one alliance carries more than half of all open commitments, with at least 4 in all (PORTFOLIO-1). */
export function portfolioConcentration(
  alliances: readonly { id: Id; name?: string; openCommitments: number }[],
): PortfolioConcentration {
  // Stryker disable next-line EqualityOperator: a count of 0 is kept as 0 either way
  const counts = alliances.map((a) => (Number.isFinite(a.openCommitments) && a.openCommitments > 0 ? a.openCommitments : 0));
  const total = counts.reduce((s, n) => s + n, 0);
  const shares = alliances.map((a, i) => ({
    id: a.id,
    openCommitments: counts[i]!,
    share: total > 0 ? counts[i]! / total : 0,
  }));
  let warning: PortfolioConcentration['warning'] = null;
  if (total >= PORTFOLIO_MIN_COMMITMENTS) {
    const i = shares.findIndex((s) => s.share > 0.5);
    if (i >= 0) {
      const s = shares[i]!;
      const a = alliances[i]!;
      warning = {
        id: s.id,
        share: s.share,
        message: `${a.name || 'One alliance'} carries ${s.openCommitments} of your ${total} open commitments (${Math.round(
          s.share * 100,
        )}%): if it falters, most of your work falters with it.`,
      };
    }
  }
  return { total, shares, warning };
}
