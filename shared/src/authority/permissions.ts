/**
 * What the app offers a link: each action is the write it would make, asked of `mayWrite`, so a control is shown
 * exactly when the relay would admit its update (AUTH-1 .. AUTH-13).
 */
import type { Id, Millis } from '../schema.ts';
import type { Place } from './places.ts';
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
  /** Add, rename or recolour partners. */
  | { kind: 'managePartners' }
  | { kind: 'manageLinks' }
  | { kind: 'editCharter' }
  | { kind: 'editExitPlan' }
  | { kind: 'editAllianceSettings' }
  /** Change governance rules, weights, or another partner's exit directly (not by a decision). */
  | { kind: 'changeRules' };

/** An id no record has: the place of a record the action would create. */
const NEW = '\u0000new';

/** The write an action makes, as the relay will see it. */
function writeOf(actor: Actor, action: Action): [Place, Change] | null {
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
    case 'markCommitment':
      return [{ kind: 'commitment', commitmentId: action.commitmentId, field: 'status' }, { op: 'update', value: 'delivered' }];
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
    case 'managePartners':
      return [{ kind: 'partner', partnerId: NEW, field: null }, { op: 'insert', value: {} }];
    case 'editCharter':
      return [{ kind: 'charter' }, { op: 'insert' }];
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
  const write = writeOf(actor, action);
  if (write === null) {
    // Links live in the relay, not in the document; the same table gives them to owners (AUTH-10).
    if (actor.role === 'owner') return { allowed: true };
    return { allowed: false, rule: actor.role === 'view' ? 'AUTH-1' : 'AUTH-10', reason: 'Only an owner link can share or revoke links.' };
  }
  return mayWrite(actor, write[0], write[1], view, now);
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
