/**
 * The decisions board: every decision with the outcome the rules give it right now, whether it is
 * due to escalate, and what this person may do as their partner. Derived from the snapshot on every
 * change, so a vote that arrives from a partner (or syncs after being cast offline) updates it live.
 */
import {
  VOTE_CHOICES,
  type AllianceSnapshot,
  type Decision,
  type Id,
  type Millis,
  type Partner,
  type Vote,
  type VoteChoice,
} from '@trellis/shared';
import { DAY_MS, decisionOutcome, escalation, type DecisionResult, type Escalation } from '@trellis/shared';

export interface BallotLine {
  partner: Partner;
  vote: Vote | null;
  /** Cast after the deadline: shown, not counted (the rules' lateVotes). */
  late: boolean;
  /** Cast on an earlier wording: shown, not counted until its partner votes again (GOV-13). */
  earlierWording: boolean;
}

export interface DecisionView {
  decision: Decision;
  result: DecisionResult;
  /** Non-null when the rules send this operational decision to the steering committee now. */
  dueEscalation: Escalation | null;
  /** One line per partner that votes (active or exiting), plus any former partner who voted. */
  ballot: BallotLine[];
  /** The choices this person may cast for their partner; empty when they may not vote. */
  choices: VoteChoice[];
  myVote: Vote | null;
  /** When the current level's time limit runs out. */
  timeLimitAt: Millis;
  pastDeadline: boolean;
}

export interface DecisionsBoard {
  /** Open at the operational team. */
  open: DecisionView[];
  /** With the joint steering committee. */
  steering: DecisionView[];
  /** Decided or withdrawn. */
  closed: DecisionView[];
}

export function isLive(decision: Pick<Decision, 'status'>): boolean {
  return decision.status === 'open' || decision.status === 'escalated';
}

/** The choices a partner may cast: veto only for a minority-protected partner on a veto category. */
export function choicesFor(
  partner: Partner | undefined,
  decision: Pick<Decision, 'category' | 'status'>,
  governance: AllianceSnapshot['governance'],
): VoteChoice[] {
  if (!partner || partner.status === 'exited' || !isLive(decision)) return [];
  const mayVeto = partner.minorityProtected && governance.vetoCategories.includes(decision.category);
  return VOTE_CHOICES.filter((c) => c !== 'veto' || mayVeto);
}

export function decisionView(snapshot: AllianceSnapshot, decision: Decision, myPartnerId: Id | null, now: Millis): DecisionView {
  const { partners, governance } = snapshot;
  const result = decisionOutcome(decision, partners, governance, now);
  const late = new Set(result.lateVotes);
  const earlier = new Set(result.earlierWordingVotes);
  const voters = partners.filter((p) => p.status !== 'exited' || Object.hasOwn(decision.votes, p.id));
  const ballot = voters.map((partner) => ({
    partner,
    vote: Object.hasOwn(decision.votes, partner.id) ? decision.votes[partner.id]! : null,
    late: late.has(partner.id),
    earlierWording: earlier.has(partner.id),
  }));
  const me = partners.find((p) => p.id === myPartnerId);
  const timeLimitAt =
    decision.level === 'steering'
      ? (decision.escalatedAt ?? decision.openedAt) + governance.steeringTimeLimitDays * DAY_MS
      : decision.openedAt + governance.operationalTimeLimitDays * DAY_MS;
  return {
    decision,
    result,
    dueEscalation: escalation(decision, partners, governance, now),
    ballot,
    choices: choicesFor(me, decision, governance),
    myVote: myPartnerId !== null && Object.hasOwn(decision.votes, myPartnerId) ? decision.votes[myPartnerId]! : null,
    timeLimitAt,
    pastDeadline: now > decision.deadline,
  };
}

/** The board, soonest deadline first among live decisions, most recent first among closed ones. */
export function decisionsBoard(snapshot: AllianceSnapshot, myPartnerId: Id | null, now: Millis): DecisionsBoard {
  const views = snapshot.decisions.map((d) => decisionView(snapshot, d, myPartnerId, now));
  const byDeadline = (a: DecisionView, b: DecisionView) => a.decision.deadline - b.decision.deadline;
  return {
    open: views.filter((v) => v.decision.status === 'open' && v.decision.level === 'operational').sort(byDeadline),
    steering: views.filter((v) => isLive(v.decision) && v.decision.level === 'steering').sort(byDeadline),
    closed: views.filter((v) => !isLive(v.decision)).sort((a, b) => b.decision.openedAt - a.decision.openedAt),
  };
}

/** Open or escalated decisions, for the Overview and the portfolio. */
export function liveDecisionCount(snapshot: Pick<AllianceSnapshot, 'decisions'>): number {
  return snapshot.decisions.filter(isLive).length;
}
