/**
 * Deciding by the agreed rules, and when a decision escalates to the steering committee.
 * Rules GOV-1 .. GOV-11 and ESC-1 .. ESC-5 in shared/METHOD.md.
 */
import type {
  Decision,
  DecisionOutcome,
  DecisionRule,
  Governance,
  Id,
  Millis,
  Partner,
  VoteChoice,
} from '../schema.ts';
import { DEFAULT_RULES, GOVERNANCE } from '../schema.ts';
import { defaultsOf } from '../document/fields.ts';
import { DAY_MS } from './calendar.ts';
import { compareText } from './order.ts';
import { answersWording } from './wording.ts';

/**
 * What a new alliance starts with (GOV-11, declared in schema.ts): consensus on strategy, the lead partner on execution,
 * weighted majority with a minority veto on critical decisions, as the method suggests.
 */
/**
 * DEC-8: a vote's deadline must not have passed when the decision opens: it would open closed, every vote late and
 * none counted. Every form that puts something to a vote (a decision, a constitution change, a ratification) asks it.
 */
export function deadlineProblem(deadline: Millis, now: Millis): string | null {
  return deadline < now ? 'That deadline has passed: pick today or a later day.' : null;
}

export function defaultGovernance(): Governance {
  return { rules: { ...DEFAULT_RULES }, ...defaultsOf(GOVERNANCE) };
}

export interface Tally {
  yes: number;
  no: number;
  abstain: number;
  /** Vetoes that block (from minority-protected partners on a veto category); other vetoes are in `no`. */
  veto: number;
  yesWeight: number;
  noWeight: number;
  abstainWeight: number;
  vetoWeight: number;
}

export interface DecisionResult {
  outcome: DecisionOutcome;
  /** True once no further vote can change the outcome: after the deadline, or when already certain. */
  final: boolean;
  /** The rule that applied (after any fallback). */
  rule: DecisionRule;
  tally: Tally;
  /** Partners allowed to vote (active or exiting), sorted by id. */
  eligible: Id[];
  /** Eligible partners who voted after the deadline: shown, not counted. */
  lateVotes: Id[];
  /** Eligible partners whose vote answers an earlier wording of the decision (GOV-13): shown, not counted. */
  earlierWordingVotes: Id[];
  /** Eligible partners with no vote at all. */
  missing: Id[];
  quorumMet: boolean;
  /** Why, in plain words, in the order the rules were applied. */
  reasons: string[];
}

type Verdict = 'passed' | 'rejected' | 'deadlocked';

interface RuleVerdict {
  /** The result if voting closed now. */
  verdict: Verdict;
  /** True when no vote from the partners still missing could change it. */
  certain: boolean;
}

/** Guards the arithmetic against a bad weight in the document (validated at the edges, but cheap). */
function weightOf(p: Pick<Partner, 'votingWeight'>): number {
  return Number.isFinite(p.votingWeight) && p.votingWeight > 0 ? p.votingWeight : 0;
}

function isEligible(p: Pick<Partner, 'status'>): boolean {
  return p.status === 'active' || p.status === 'exiting';
}

/** Small tolerance so that a quorum of 2/3 stored as 0.6666… is met by 2 of 3 votes. */
const EPSILON = 1e-9;

/**
 * The outcome of a decision under the alliance's rules (GOV-1 .. GOV-10). Votes cast are taken as
 * they stand: before the deadline the result is 'pending' unless every eligible partner has voted or
 * no missing vote could change it.
 */
export function decisionOutcome(
  decision: Pick<Decision, 'category' | 'deadline' | 'votes'> & Partial<Pick<Decision, 'title' | 'body' | 'change'>>,
  partners: readonly Partner[],
  governance: Governance,
  now: Millis,
): DecisionResult {
  const reasons: string[] = [];
  const name = new Map(partners.map((p) => [p.id, p.name || p.id]));
  const nameOf = (id: Id) => name.get(id) ?? id;
  const list = (ids: readonly Id[]) => ids.map(nameOf).join(', ');

  const eligiblePartners = partners.filter(isEligible).sort((a, b) => compareText(a.id, b.id));
  const eligible = eligiblePartners.map((p) => p.id);
  const eligibleSet = new Set(eligible);
  const totalWeight = eligiblePartners.reduce((s, p) => s + weightOf(p), 0);
  const vetoAllowed = governance.vetoCategories.includes(decision.category);
  const afterDeadline = now > decision.deadline;

  const ignored = Object.keys(decision.votes)
    .filter((id) => !eligibleSet.has(id))
    .sort(compareText);
  if (ignored.length > 0) reasons.push(`Votes from ${list(ignored)} are not counted: only active or exiting partners vote.`);

  const tally: Tally = { yes: 0, no: 0, abstain: 0, veto: 0, yesWeight: 0, noWeight: 0, abstainWeight: 0, vetoWeight: 0 };
  const counted = new Map<Id, VoteChoice>();
  const lateVotes: Id[] = [];
  const earlierWordingVotes: Id[] = [];
  const wording = { title: decision.title ?? '', body: decision.body ?? '', category: decision.category, change: decision.change ?? null };
  const missing: Id[] = [];
  const vetoesAsNo: Id[] = [];
  for (const p of eligiblePartners) {
    const v = Object.hasOwn(decision.votes, p.id) ? decision.votes[p.id] : undefined;
    if (!v) {
      missing.push(p.id);
      continue;
    }
    // The deadline is the last moment of voting: a vote cast exactly at it counts (GOV-3).
    if (v.at > decision.deadline) {
      lateVotes.push(p.id);
      continue;
    }
    // A vote answers the words its partner read (GOV-13): after a reword it waits for a new vote.
    if (!answersWording(v, wording)) {
      earlierWordingVotes.push(p.id);
      continue;
    }
    let choice = v.choice;
    if (choice === 'veto' && !(p.minorityProtected && vetoAllowed)) {
      vetoesAsNo.push(p.id);
      choice = 'no';
    }
    counted.set(p.id, choice);
    const w = weightOf(p);
    tally[choice] += 1;
    tally[`${choice}Weight`] += w;
  }
  if (lateVotes.length > 0) reasons.push(`${list(lateVotes)} voted after the deadline: shown, but not counted.`);
  if (earlierWordingVotes.length > 0) reasons.push(`${list(earlierWordingVotes)} voted on an earlier wording: shown, but not counted until they vote again.`);
  if (vetoesAsNo.length > 0) {
    reasons.push(
      `A veto from ${list(vetoesAsNo)} counts as a no: only minority-protected partners may veto, and only on ${
        governance.vetoCategories.length > 0 ? governance.vetoCategories.join(', ') : 'no'
      } decisions.`,
    );
  }

  const votedCount = counted.size;
  const quorumMet = eligible.length > 0 && votedCount >= governance.quorum * eligible.length - EPSILON;
  const quorumText = `${votedCount} of ${eligible.length} partners voted; the quorum is ${Math.round(governance.quorum * 100)}%.`;
  const uncounted = eligiblePartners.filter((p) => !counted.has(p.id));
  const allVoted = uncounted.length === 0;

  let rule = governance.rules[decision.category];
  const lead = governance.leadPartnerId;
  if (rule === 'lead-partner' && (lead === null || !eligibleSet.has(lead))) {
    reasons.push(
      lead === null
        ? 'No lead partner is set, so the majority decides.'
        : `The lead partner ${nameOf(lead)} no longer votes, so the majority decides.`,
    );
    rule = 'majority';
  }
  reasons.unshift(`Rule for ${decision.category} decisions: ${rule}.`);

  const result = (outcome: DecisionOutcome, final: boolean): DecisionResult => ({
    outcome,
    final,
    rule,
    tally,
    eligible,
    lateVotes,
    earlierWordingVotes,
    missing,
    quorumMet,
    reasons,
  });

  // GOV-6: a minority veto blocks whatever the rule, the quorum or the deadline.
  if (tally.veto > 0) {
    const vetoers = [...counted].filter(([, c]) => c === 'veto').map(([id]) => id);
    reasons.push(`${list(vetoers)} vetoed this ${decision.category} decision as a minority-protected partner.`);
    return result('vetoed', true);
  }

  const v = ruleVerdict(rule, { tally, counted, uncounted, totalWeight, lead, nameOf, reasons });

  if (afterDeadline || allVoted) {
    if (!quorumMet) {
      reasons.push(`No quorum: ${quorumText}`);
      return result('no-quorum', true);
    }
    reasons.push(`Quorum met: ${quorumText}`);
    return result(v.verdict, true);
  }

  // Before the deadline: only certain when the quorum is already met, no missing partner could
  // still veto, and no missing vote could tip the rule (GOV-4).
  const vetoStillPossible = vetoAllowed && uncounted.some((p) => p.minorityProtected);
  if (quorumMet && !vetoStillPossible && v.certain) {
    reasons.push(`Quorum met: ${quorumText}`);
    reasons.push('The remaining votes cannot change this.');
    return result(v.verdict, true);
  }
  if (vetoStillPossible) reasons.push('A minority-protected partner has not voted yet and may still veto.');
  reasons.push(`Open until the deadline: ${quorumText}`);
  return result('pending', false);
}

interface RuleInput {
  tally: Tally;
  counted: ReadonlyMap<Id, VoteChoice>;
  uncounted: readonly Partner[];
  totalWeight: number;
  lead: Id | null;
  nameOf: (id: Id) => string;
  reasons: string[];
}

function ruleVerdict(rule: DecisionRule, input: RuleInput): RuleVerdict {
  switch (rule) {
    case 'consensus':
      return consensus(input);
    case 'majority':
      return majority(input);
    case 'weighted-majority':
      return weightedMajority(input);
    case 'lead-partner':
      return leadPartner(input);
    default:
      return unexpectedRule(rule);
  }
}

function unexpectedRule(rule: never): never {
  throw new Error(`Unknown decision rule: ${String(rule)}`);
}

/** GOV-7: passes when every eligible partner said yes or abstained and at least one said yes. */
function consensus({ tally, uncounted, nameOf, reasons }: RuleInput): RuleVerdict {
  // Silence is not consent: a missing vote keeps consensus from forming.
  const allVoted = uncounted.length === 0;
  if (tally.no > 0) {
    reasons.push(`Consensus is blocked: ${tally.no} partner${tally.no === 1 ? '' : 's'} said no.`);
    return { verdict: 'deadlocked', certain: allVoted };
  }
  if (!allVoted) {
    reasons.push(`Consensus needs every partner's vote; not yet from ${uncounted.map((p) => nameOf(p.id)).join(', ')}.`);
    return { verdict: 'deadlocked', certain: false };
  }
  if (tally.yes === 0) {
    reasons.push('Everyone abstained: consensus needs at least one yes.');
    // Stryker disable next-line BooleanLiteral: everyone has voted here, and then `certain` is never read (the outcome is final)
    return { verdict: 'deadlocked', certain: true };
  }
  reasons.push('Consensus: every partner said yes or abstained.');
  // Stryker disable next-line BooleanLiteral: everyone has voted here, and then `certain` is never read (the outcome is final)
  return { verdict: 'passed', certain: true };
}

/** GOV-8: by count of counted votes; yes > no passes, no > yes rejects, a tie deadlocks. */
function majority({ tally, uncounted, reasons }: RuleInput): RuleVerdict {
  const open = uncounted.length;
  reasons.push(`Majority: ${tally.yes} yes, ${tally.no} no, ${tally.abstain} abstaining.`);
  if (tally.yes > tally.no) return { verdict: 'passed', certain: tally.yes > tally.no + open };
  if (tally.no > tally.yes) return { verdict: 'rejected', certain: tally.no > tally.yes + open };
  // Stryker disable next-line ConditionalExpression: `certain` is read only while votes are missing (open > 0), where this is false anyway
  return { verdict: 'deadlocked', certain: open === 0 };
}

/**
 * GOV-9: by voting weight against the weight of all eligible partners (voters or not): passes above
 * half, rejected at half or more against, otherwise deadlocked.
 */
function weightedMajority({ tally, uncounted, totalWeight, reasons }: RuleInput): RuleVerdict {
  const half = totalWeight / 2;
  const openWeight = uncounted.reduce((s, p) => s + weightOf(p), 0);
  reasons.push(`Weighted majority: ${tally.yesWeight} yes and ${tally.noWeight} no of ${totalWeight} voting weight.`);
  if (totalWeight === 0) {
    reasons.push('No partner has any voting weight, so nothing can pass.');
    return { verdict: 'deadlocked', certain: true };
  }
  if (tally.yesWeight > half) return { verdict: 'passed', certain: true };
  if (tally.noWeight >= half) return { verdict: 'rejected', certain: true };
  const couldPass = tally.yesWeight + openWeight > half;
  const couldReject = tally.noWeight + openWeight >= half;
  return { verdict: 'deadlocked', certain: !couldPass && !couldReject };
}

/** GOV-10: the lead partner's vote decides; the others advise. */
function leadPartner({ counted, lead, nameOf, reasons }: RuleInput): RuleVerdict {
  // Only called with a lead who is eligible (see the fallback above).
  const id = lead!;
  const choice = counted.get(id);
  if (choice === undefined) {
    reasons.push(`The lead partner ${nameOf(id)} has not voted; the others' votes are advisory.`);
    return { verdict: 'deadlocked', certain: false };
  }
  if (choice === 'yes') {
    reasons.push(`The lead partner ${nameOf(id)} said yes.`);
    return { verdict: 'passed', certain: true };
  }
  if (choice === 'no') {
    reasons.push(`The lead partner ${nameOf(id)} said no.`);
    return { verdict: 'rejected', certain: true };
  }
  reasons.push(`The lead partner ${nameOf(id)} abstained, so nobody decided.`);
  return { verdict: 'deadlocked', certain: true };
}

export type EscalationReason = 'blocked' | 'deadlocked' | 'time-limit';

export interface Escalation {
  reason: EscalationReason;
  message: string;
}

/**
 * Whether an open operational decision should go to the steering committee (ESC-1 .. ESC-5).
 * Steering decisions have nowhere further to go.
 */
export function escalation(
  decision: Pick<Decision, 'category' | 'deadline' | 'votes' | 'level' | 'status' | 'openedAt'>,
  partners: readonly Partner[],
  governance: Governance,
  now: Millis,
): Escalation | null {
  if (decision.level !== 'operational' || decision.status !== 'open') return null;
  const r = decisionOutcome(decision, partners, governance, now);
  if (r.outcome === 'vetoed') {
    return { reason: 'blocked', message: 'A minority-protected partner vetoed it: the steering committee should take it up.' };
  }
  if (r.rule === 'consensus' && r.tally.no > 0) {
    return {
      reason: 'blocked',
      message: 'A partner said no, so consensus cannot form: the steering committee should take it up.',
    };
  }
  if (r.outcome === 'deadlocked') {
    return { reason: 'deadlocked', message: 'The operational team is deadlocked: the steering committee should decide.' };
  }
  const limit = decision.openedAt + governance.operationalTimeLimitDays * DAY_MS;
  // A rejection is an answer, not a blockage: only undecided decisions escalate on time.
  if (now > limit && r.outcome !== 'passed' && r.outcome !== 'rejected') {
    return {
      reason: 'time-limit',
      message: `Open for more than ${governance.operationalTimeLimitDays} days without a decision: the steering committee should decide.`,
    };
  }
  return null;
}
