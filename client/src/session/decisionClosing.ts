/**
 * Closing decisions as the rules decide them (CHG-3, CHG-4): once a decision's outcome is final, its outcome is
 * recorded and, when it passed carrying a constitution change, the change is applied — by the session's upkeep,
 * never by a person choosing an outcome. One writer closes each decision first, on a copy synced with the relay; a
 * second close, or a second application of the same change moments later, is admitted (AUTH-15, CHG-8), and so is a
 * close racing its proposer's withdrawal (GOV-15). A vote that changed the outcome meanwhile still refuses the close.
 */
import {
  CLOCK_SKEW_MS,
  DocumentError,
  escalation,
  finalOutcome,
  passedChange,
  type AllianceDocument,
  type AllianceSnapshot,
  type Decision,
  type DecisionOutcome,
  type Id,
  type Millis,
} from '@trellis/shared';

/**
 * How long the partner whose vote decided has to close a decision before any other synced session does it: long
 * enough that two online devices do not both write, short enough that an offline voter holds nothing up.
 */
export const CLOSING_GRACE_MS = 10 * 60_000;

export interface DueClosing {
  decision: Decision;
  outcome: DecisionOutcome;
  /** True when it passed with a change: closing applies it. */
  applies: boolean;
  /** The partner expected to close it first: whose vote came last (it made the outcome final), else the proposer. */
  closer: Id | null;
  /** Since when it is final, as far as this copy can tell: the last vote, or the deadline once past. */
  finalSince: Millis;
}

/**
 * The decisions the rules have decided at `now`. An operational decision that the rules still send to the steering
 * committee (blocked, deadlocked, undecided past its time limit) is not closed: it escalates (ESC-1 .. ESC-5); the
 * committee's own undecided outcome closes only once its deadline has passed.
 */
export function dueClosings(view: Pick<AllianceSnapshot, 'decisions' | 'partners' | 'governance'>, now: Millis): DueClosing[] {
  const out: DueClosing[] = [];
  for (const decision of view.decisions) {
    const outcome = finalOutcome(decision, view, now);
    if (outcome === null || outcome === 'pending') continue;
    // The relay's clock may be a little behind: close only what the rules had decided a skew ago too (CHG-6).
    if (finalOutcome(decision, view, now - CLOCK_SKEW_MS) !== outcome) continue;
    // A pass or a rejection is an answer (ESC-5). Anything else (deadlocked, vetoed, no quorum) escalates from the
    // operational team, and the steering committee may still vote again until its deadline.
    const answered = outcome === 'passed' || outcome === 'rejected';
    if (!answered && (decision.level === 'operational' || now <= decision.deadline)) continue;
    if (escalation(decision, view.partners, view.governance, now) !== null) continue;
    const votes = Object.entries(decision.votes).sort(([, a], [, b]) => b.at - a.at);
    const lastVoteAt = votes[0]?.[1].at ?? decision.openedAt;
    out.push({
      decision,
      outcome,
      applies: passedChange(decision, view, now) !== null,
      closer: votes[0]?.[0] ?? decision.proposerId,
      finalSince: now > decision.deadline ? Math.max(lastVoteAt, decision.deadline) : lastVoteAt,
    });
  }
  return out;
}

/** Whether this device closes it now: the expected closer at once, anyone after the grace period. */
export function closesNow(due: Pick<DueClosing, 'closer' | 'finalSince'>, myPartnerId: Id | null, now: Millis): boolean {
  if (myPartnerId !== null && due.closer === myPartnerId) return true;
  return now - due.finalSince >= CLOSING_GRACE_MS;
}

export interface Closed {
  decisionId: Id;
  title: string;
  outcome: DecisionOutcome;
  applied: boolean;
}

/**
 * Closes what is due and this device's to close (`mine`: by default `closesNow`); a decision closed meanwhile elsewhere
 * is left alone.
 */
export function closeDecided(
  alliance: AllianceDocument,
  myPartnerId: Id | null,
  now: Millis,
  mine: (due: DueClosing) => boolean = (due) => closesNow(due, myPartnerId, now),
): Closed[] {
  if (alliance.readOnlyReason() !== null) return [];
  const closed: Closed[] = [];
  for (const due of dueClosings(alliance.snapshot(), now)) {
    if (!mine(due)) continue;
    try {
      if (due.applies) alliance.applyPassedDecision(due.decision.id, now);
      else alliance.recordOutcome(due.decision.id, due.outcome);
      closed.push({ decisionId: due.decision.id, title: due.decision.title, outcome: due.outcome, applied: due.applies });
    } catch (error) {
      if (!(error instanceof DocumentError)) throw error;
    }
  }
  return closed;
}
