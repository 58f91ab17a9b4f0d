/**
 * What the app offers a link: each action is the write it would make, asked of `mayWrite`, so a control is shown
 * exactly when the relay would admit its update (AUTH-1 .. AUTH-13).
 */
import type { Id, Millis } from '../schema.ts';
import type { Place } from './places.ts';
import { finalOutcome, reopenedStatus } from '../method/constitution.ts';
import { actingPartner, governsAlone, mayWrite, type Actor, type AuthorityView, type Change, type Verdict } from './rules.ts';

export type Action =
  | { kind: 'vote'; decisionId: Id; partnerId: Id }
  | { kind: 'checkIn'; partnerId: Id }
  | { kind: 'recordTrust' }
  | { kind: 'recordReview' }
  /** Add, change or remove an interest or red line of this partner. */
  | { kind: 'editInterest'; partnerId: Id }
  /** Make or change a commitment of this partner. */
  | { kind: 'editCommitment'; partnerId: Id }
  /** Mark this commitment delivered or missed. */
  | { kind: 'markCommitment'; commitmentId: Id }
  /** Give this partner's own exit notice. */
  | { kind: 'giveExitNotice'; partnerId: Id }
  | { kind: 'proposeDecision' }
  | { kind: 'editDecisionText'; decisionId: Id }
  | { kind: 'withdrawDecision'; decisionId: Id }
  /** Reopen a decision this partner withdrew (the undo of a withdrawal). */
  | { kind: 'reopenDecision'; decisionId: Id }
  /** Add, rename or recolour partners. */
  | { kind: 'managePartners' }
  | { kind: 'manageLinks' }
  | { kind: 'editCharter' }
  /** Open a comment thread on the charter, or reply in one (in the link's own name). */
  | { kind: 'commentOnCharter' }
  /** Edit or delete this comment on the charter. */
  | { kind: 'editCharterComment'; commentId: Id }
  /** Resolve or reopen this comment thread. */
  | { kind: 'resolveCharterThread'; threadId: Id }
  /** Remove this version from the charter's history. */
  | { kind: 'removeCharterVersion'; versionId: Id }
  | { kind: 'editExitPlan' }
  | { kind: 'editAllianceSettings' }
  /** Change governance rules, weights, or another partner's exit directly (not by a decision). */
  | { kind: 'changeRules' };

/** An id no record has: the place of a record the action would create. */
const NEW = '\u0000new';

/** The write an action makes, as the relay will see it. */
function writeOf(actor: Actor, action: Action, view: AuthorityView): [Place, Change] | null {
  const me = actor.partnerId;
  switch (action.kind) {
    case 'vote':
      return [{ kind: 'vote', decisionId: action.decisionId, partnerId: action.partnerId }, { op: 'update', value: { choice: 'yes' } }];
    case 'checkIn':
      return [{ kind: 'checkin', nested: false }, { op: 'insert', value: { partnerId: action.partnerId } }];
    case 'recordTrust':
      return [{ kind: 'trust', nested: false }, { op: 'insert', value: { recordedBy: me } }];
    case 'recordReview':
      return [{ kind: 'review', nested: false }, { op: 'insert', value: {} }];
    case 'editInterest':
      return [{ kind: 'interest', interestId: NEW, field: null }, { op: 'insert', value: { partnerId: action.partnerId } }];
    case 'editCommitment':
      return [{ kind: 'commitment', commitmentId: NEW, field: null }, { op: 'insert', value: { partnerId: action.partnerId } }];
    case 'markCommitment': {
      // Its own partner writes the status; another partner marks it with a trust entry of its own (AUTH-8).
      const owner = view.commitments.find((c) => c.id === action.commitmentId)?.partnerId;
      if (me !== null && owner !== undefined && owner !== me) return [{ kind: 'trust', nested: false }, { op: 'insert', value: { recordedBy: me } }];
      return [{ kind: 'commitment', commitmentId: action.commitmentId, field: 'status' }, { op: 'update', value: 'delivered' }];
    }
    case 'giveExitNotice':
      return [{ kind: 'partner', partnerId: action.partnerId, field: 'status' }, { op: 'update', value: 'exiting' }];
    case 'proposeDecision':
      return [
        { kind: 'decision', decisionId: NEW, field: null },
        { op: 'insert', value: { proposerId: me, status: 'open', outcome: null, appliedAt: null } },
      ];
    case 'editDecisionText':
      return [{ kind: 'decision', decisionId: action.decisionId, field: 'title' }, { op: 'update', value: '' }];
    case 'withdrawDecision':
      return [{ kind: 'decision', decisionId: action.decisionId, field: 'status' }, { op: 'update', value: 'withdrawn' }];
    case 'reopenDecision': {
      const decision = view.decisions.find((d) => d.id === action.decisionId);
      return [{ kind: 'decision', decisionId: action.decisionId, field: 'status' }, { op: 'update', value: decision ? reopenedStatus(decision) : 'open' }];
    }
    case 'managePartners':
      return [{ kind: 'partner', partnerId: NEW, field: null }, { op: 'insert', value: {} }];
    case 'editCharter':
      return [{ kind: 'charter' }, { op: 'insert' }];
    case 'commentOnCharter':
      return [{ kind: 'charterComment', commentId: NEW, field: null }, { op: 'insert', value: { partnerId: actingPartner(actor, view)?.id ?? null } }];
    case 'editCharterComment':
      return [{ kind: 'charterComment', commentId: action.commentId, field: 'text' }, { op: 'update', value: '' }];
    case 'resolveCharterThread':
      return [{ kind: 'charterThread', threadId: action.threadId, field: 'resolved' }, { op: 'update', value: true }];
    case 'removeCharterVersion':
      return [{ kind: 'charterVersion', versionId: action.versionId, nested: false }, { op: 'delete' }];
    case 'editExitPlan':
      return [{ kind: 'exitPlan', field: 'noticePeriodDays' }, { op: 'update' }];
    case 'editAllianceSettings':
      return [{ kind: 'meta', field: 'name' }, { op: 'update' }];
    case 'changeRules':
      // A value no decision can have earned: allowed only where the rules are written directly.
      return [{ kind: 'governance', field: 'quorum' }, { op: 'update', value: NEW }];
    case 'manageLinks':
      return null;
  }
}

/** Whether the link may take the action now; a refusal carries the rule and a sentence for the app to show. */
export function can(actor: Actor, action: Action, view: AuthorityView, now: Millis): Verdict {
  const offered = offeredOnThisCopy(actor, action, view, now);
  if (!offered.allowed) return offered;
  const write = writeOf(actor, action, view);
  if (write === null) {
    // Links live in the relay, not in the document; the same table gives them to owners (AUTH-10).
    if (actor.role === 'owner') return { allowed: true };
    return { allowed: false, rule: actor.role === 'view' ? 'AUTH-1' : 'AUTH-10', reason: 'Only an owner link can share or revoke links.' };
  }
  return mayWrite(actor, write[0], write[1], view, now);
}

/**
 * What the app itself holds back, on its own copy, though the relay would admit it: the relay admits a partner's
 * vote and mark whatever happened meanwhile elsewhere, and a reword concurrent with a vote (the honest races, AUTH-3,
 * AUTH-4, AUTH-8), but this copy offers them only while they mean something here (DEC-3, DEC-6, REC-4).
 */
function offeredOnThisCopy(actor: Actor, action: Action, view: AuthorityView, now: Millis): Verdict {
  const refuse = (rule: 'AUTH-3' | 'AUTH-4' | 'AUTH-8', reason: string): Verdict => ({ allowed: false, rule, reason });
  switch (action.kind) {
    case 'vote': {
      const decision = view.decisions.find((d) => d.id === action.decisionId);
      const me = actingPartner(actor, view);
      if (me !== null && me.id === action.partnerId && me.status === 'exited') return refuse('AUTH-3', `${me.name} has left the alliance and no longer votes.`);
      if (decision && (decision.status === 'decided' || decision.status === 'withdrawn')) {
        return refuse('AUTH-3', `This decision is already ${decision.status}: votes no longer change.`);
      }
      return { allowed: true };
    }
    case 'editDecisionText': {
      const decision = view.decisions.find((d) => d.id === action.decisionId);
      if (decision && Object.keys(decision.votes).length > 0) return refuse('AUTH-4', 'A decision cannot be reworded once someone has voted.');
      return { allowed: true };
    }
    case 'withdrawDecision': {
      // Once the votes have decided it, a close made meanwhile elsewhere would win over the withdrawal (GOV-15).
      const decision = view.decisions.find((d) => d.id === action.decisionId);
      if (decision && finalOutcome(decision, view, now) !== null) return refuse('AUTH-4', 'The votes have decided this decision: it can no longer be withdrawn.');
      return { allowed: true };
    }
    case 'reopenDecision': {
      const decision = view.decisions.find((d) => d.id === action.decisionId);
      if (decision && decision.status !== 'withdrawn') return refuse('AUTH-4', `This decision is ${decision.status}, not withdrawn.`);
      return { allowed: true };
    }
    case 'markCommitment': {
      const commitment = view.commitments.find((c) => c.id === action.commitmentId);
      if (commitment && commitment.status !== 'open') return refuse('AUTH-8', `This commitment is already ${commitment.status}.`);
      return { allowed: true };
    }
    default:
      return { allowed: true };
  }
}

/**
 * How this link changes the constitution (rules, quorum, weights, another partner's exit): directly while an owner
 * governs alone, by proposing a decision when it acts for a partner, or not at all (AUTH-11).
 */
export function constitutionRoute(actor: Actor, view: AuthorityView): 'direct' | 'proposal' | 'none' {
  if (actor.role === 'view') return 'none';
  if (governsAlone(actor, view)) return 'direct';
  return actingPartner(actor, view) !== null ? 'proposal' : 'none';
}
