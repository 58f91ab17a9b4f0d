/**
 * Ratifying the charter under the partners' own rules (RAT-1 .. RAT-6 in shared/METHOD.md): a decision carrying a
 * `ratify-charter` change is voted like every decision; when it passes, applying it writes one ratification record,
 * whose every field the rules give, so the document layer writes it and the relay admits it from one declaration
 * (AUTH-11, AUTH-18). Drift is the live charter against the latest ratified text.
 */
import type { CharterRatificationSummary, ConstitutionChange, Decision, Governance, Id, Millis, Partner, RatificationVote } from '../schema.ts';
import type { Accepted, RulesView } from './constitution.ts';
import { diffVersions, hasDifferences, type BlockDiff } from '../document/charterVersion.ts';
import type { Block } from '../document/documentBlocks.ts';
import { decisionOutcome } from './governance.ts';
import { compareText } from './order.ts';

/**
 * The votes that counted when a ratification passed (RAT-3): every voting partner's vote cast in time on the words
 * put to the vote, with the partner's name and weight as they stood, in partner order. A veto that did not block
 * counted as a no (GOV-6), and is recorded so.
 */
export function ratificationVotes(decision: Decision, partners: readonly Partner[], governance: Governance, now: Millis): RatificationVote[] {
  const result = decisionOutcome(decision, partners, governance, now);
  const uncounted = new Set([...result.lateVotes, ...result.earlierWordingVotes, ...result.missing]);
  const out: RatificationVote[] = [];
  for (const id of result.eligible) {
    const vote = decision.votes[id];
    const partner = partners.find((p) => p.id === id);
    if (uncounted.has(id) || !vote || !partner) continue;
    out.push({ partnerId: id, name: partner.name, choice: vote.choice === 'veto' ? 'no' : vote.choice, weight: partner.votingWeight });
  }
  return out;
}

/** The number a new ratification takes (RAT-2): one more than the ratifications recorded by other decisions. */
export function nextRatificationNumber(ratifications: readonly Pick<CharterRatificationSummary, 'decisionId'>[], decisionId: Id): number {
  return ratifications.filter((r) => r.decisionId !== decisionId).length + 1;
}

/**
 * The ratification record a passed `ratify-charter` decision writes (RAT-2, RAT-3), as the values each field accepts:
 * its number, the version it ratifies (which must still be in the history, with the hash the votes approved), a text
 * whose hash is that hash, the time within `stamp`, and the votes that counted. Null when the version is not held.
 */
export function ratificationWrite(change: ConstitutionChange & { kind: 'ratify-charter' }, decisionId: Id, view: RulesView, stamp: readonly [Millis, Millis]): Accepted | null {
  const version = view.charterVersions?.find((v) => v.id === change.versionId);
  const decision = view.decisions.find((d) => d.id === decisionId);
  if (!version || version.hash !== change.hash || !decision || !view.charterRatifications) return null;
  const exactly = (value: unknown): Accepted => ({ oneOf: [value] });
  return {
    fields: {
      number: exactly(nextRatificationNumber(view.charterRatifications, decisionId)),
      versionId: exactly(version.id),
      versionName: exactly(version.name),
      versionAt: exactly(version.at),
      hash: exactly(change.hash),
      content: { hashOf: change.hash },
      ratifiedAt: { between: stamp },
      // Stryker disable next-line ArithmeticOperator: which votes counted (eligible, late, earlier wording, missing) does not depend on the moment
      votes: exactly(ratificationVotes(decision, view.partners, view.governance, (stamp[0] + stamp[1]) / 2)),
    },
  };
}

/** The latest ratification (RAT-4): the highest number, the latest time between equals. */
export function latestRatification<T extends Pick<CharterRatificationSummary, 'number' | 'ratifiedAt' | 'decisionId'>>(ratifications: readonly T[]): T | null {
  let latest: T | null = null;
  for (const r of ratifications) {
    if (latest === null || r.number > latest.number || (r.number === latest.number && (r.ratifiedAt > latest.ratifiedAt || (r.ratifiedAt === latest.ratifiedAt && compareText(r.decisionId, latest.decisionId) > 0)))) {
      latest = r;
    }
  }
  return latest;
}

/** Whether the live charter still reads as the ratified text (RAT-4), and if not, how it differs. */
export type Drift = { drifted: false } | { drifted: true; diff: BlockDiff[]; changes: number };

/** The live charter against the ratified text (RAT-4): the version diff (HIST-2), counted in changed blocks. */
export function ratificationDrift(ratified: readonly Block[], live: readonly Block[]): Drift {
  const diff = diffVersions(ratified, live);
  if (!hasDifferences(diff)) return { drifted: false };
  return { drifted: true, diff, changes: diff.filter((entry) => entry.kind !== 'same').length };
}

/** The ratification decisions still open for a version, by its id (RAT-5): the history keeps those versions. */
export function versionsUnderRatification(decisions: readonly Decision[]): Set<Id> {
  const out = new Set<Id>();
  for (const d of decisions) {
    if (d.change?.kind === 'ratify-charter' && (d.status === 'open' || d.status === 'escalated' || (d.status === 'decided' && d.appliedAt === null && d.outcome === 'passed'))) {
      out.add(d.change.versionId);
    }
  }
  return out;
}
