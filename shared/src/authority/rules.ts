// Over 400 lines on purpose: the authority table is one declaration, every place's rule beside the others, so it
// reads row by row against sync-server/PROTOCOL.md's table.
/**
 * Who may write what, declared once (AUTH-1 .. AUTH-13, the charter's comments AUTH-16, history AUTH-17 and ratifications AUTH-18, and the honest races AUTH-15, in sync-server/PROTOCOL.md).
 * The relay asks `mayWrite` for every place an update touches; the app asks `can` (permissions.ts), which is answered
 * by the same function, so the controls a link is offered and what the relay admits cannot disagree (the app holds
 * back a few more on its own copy: `offeredOnThisCopy`).
 */
import type { Role } from '../protocol.ts';
import { LIMITS, type AllianceSnapshot, type CharterVersionKind, type Decision, type Id, type Interest, type Millis, type Partner } from '../schema.ts';
import { acceptsValue, CLOCK_SKEW_MS, reopenedStatus, ruledWrites, type RuledWrite } from '../method/constitution.ts';
import { knownPlace, samePlace, type Place } from './places.ts';
import { isAutomatic, readVersionEntry, VERSION_LIMITS } from '../document/charterHistory.ts';
import { versionsUnderRatification } from '../method/ratification.ts';


/** The link a write comes from: its role and the partner it acts for (null: a facilitator's or an older link). */
export interface Actor {
  role: Role;
  partnerId: Id | null;
}

/** What a write does at its place; `value` is the new value (for a record inserted whole, its plain fields). */
export interface Change {
  op: 'insert' | 'update' | 'delete';
  value?: unknown;
}

/** What the check reads from the room's document before the update: a snapshot, or a view with these parts. */
export type AuthorityView = Pick<
  AllianceSnapshot,
  'partners' | 'alignment' | 'commitments' | 'decisions' | 'governance' | 'charterThreads' | 'charterComments' | 'charterVersions' | 'charterRatifications'
> & {
  /** Only whose each interest is: the rules read nothing else of it. */
  interests: ReadonlyArray<Pick<Interest, 'id' | 'partnerId'>>;
};

export type AuthorityRule =
  | 'AUTH-1'
  | 'AUTH-2'
  | 'AUTH-3'
  | 'AUTH-4'
  | 'AUTH-5'
  | 'AUTH-6'
  | 'AUTH-7'
  | 'AUTH-8'
  | 'AUTH-9'
  | 'AUTH-10'
  | 'AUTH-11'
  | 'AUTH-12'
  | 'AUTH-13'
  | 'AUTH-16'
  | 'AUTH-17'
  | 'AUTH-18';

export type Verdict = { allowed: true } | { allowed: false; rule: AuthorityRule; reason: string };

const ALLOWED: Verdict = { allowed: true };
const refuse = (rule: AuthorityRule, reason: string): Verdict => ({ allowed: false, rule, reason });

/**
 * The partner a link acts for: its `partnerId` when that names a partner of the document. A link whose partner is
 * unknown (an older link, or a partner removed since) acts as a facilitator, so older alliances keep opening.
 */
export function actingPartner(actor: Actor, view: Pick<AuthorityView, 'partners'>): Partner | null {
  if (actor.partnerId === null) return null;
  return view.partners.find((p) => p.id === actor.partnerId) ?? null;
}

/**
 * An owner link governs alone while the alliance has at most one partner still in it (active or exiting): nobody else's
 * authority is at stake, so it may write any known place, logs still appended only (AUTH-11). This is also how an
 * alliance is created, with its partners, in one update.
 */
export function governsAlone(actor: Actor, view: Pick<AuthorityView, 'partners'>): boolean {
  return actor.role === 'owner' && view.partners.filter((p) => p.status === 'active' || p.status === 'exiting').length <= 1;
}

const field = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null && Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<string, unknown>)[key] : undefined;

/**
 * The relay's own bound on the charter's history (AUTH-17), over a whole update: twice the bounds the app keeps by
 * pruning (HIST-3), so that honest versions kept at once, each pruning the same oldest one, never meet it, while a
 * writer who never prunes is stopped. Only an update that adds a version is judged; one that only removes is not.
 */
export const HISTORY_HARD_LIMITS = {
  versions: 2 * VERSION_LIMITS.versions,
  named: 2 * VERSION_LIMITS.named,
  totalChars: 2 * VERSION_LIMITS.totalChars,
} as const;

export function historyWithinBounds(writes: ReadonlyArray<{ place: Place; change: Change }>, view: AuthorityView): Verdict {
  const kept = new Map(view.charterVersions.map((v) => [v.id, { named: !isAutomatic(v.kind), size: v.size }]));
  let adds = false;
  for (const { place, change } of writes) {
    if (place.kind !== 'charterVersion' || place.nested) continue;
    if (change.op === 'delete') kept.delete(place.versionId);
    else {
      // Each version was read whole (its hash checked) by its own place's rule before this runs: its fields are read
      // here, not hashed again.
      const content = field(change.value, 'content');
      adds = true;
      kept.set(place.versionId, { named: !isAutomatic(field(change.value, 'kind') as CharterVersionKind), size: typeof content === 'string' ? content.length : 0 });
    }
  }
  if (!adds) return ALLOWED;
  const all = [...kept.values()];
  if (all.length > HISTORY_HARD_LIMITS.versions) return refuse('AUTH-17', `The charter's history holds at most ${HISTORY_HARD_LIMITS.versions} versions.`);
  if (all.filter((v) => v.named).length > HISTORY_HARD_LIMITS.named) return refuse('AUTH-17', `The charter's history holds at most ${HISTORY_HARD_LIMITS.named} named versions.`);
  if (all.reduce((sum, v) => sum + v.size, 0) > HISTORY_HARD_LIMITS.totalChars) return refuse('AUTH-17', "The charter's history is full.");
  return ALLOWED;
}

/**
 * The view a whole update's places are judged against: the interests the update makes itself are in it, so that a
 * link made in the same update as an interest it links (an offline batch arrives as one update) finds whose that
 * interest is. Each of those interests is judged at its own place (AUTH-5: it must be the writer's), so an owner
 * claimed here never goes unchecked.
 */
export function viewOfUpdate(writes: ReadonlyArray<{ place: Place; change: Change }>, view: AuthorityView): AuthorityView {
  const made: Array<Pick<Interest, 'id' | 'partnerId'>> = [];
  for (const { place, change } of writes) {
    if (place.kind !== 'interest' || place.field !== null || change.op !== 'insert') continue;
    const partnerId = field(change.value, 'partnerId');
    if (typeof partnerId === 'string' && !view.interests.some((i) => i.id === place.interestId)) made.push({ id: place.interestId, partnerId });
  }
  return made.length === 0 ? view : { ...view, interests: [...view.interests, ...made] };
}

/**
 * Whether `actor` may make `change` at `place` in a document in state `view` at the relay's `now`. Pure: the relay
 * calls it once per place of an update and refuses the whole update on the first refusal.
 */
export function mayWrite(actor: Actor, place: Place, change: Change, view: AuthorityView, now: Millis): Verdict {
  if (actor.role === 'view') return refuse('AUTH-1', 'A view link cannot change anything.');
  const me = actingPartner(actor, view);
  const who = me?.name ?? 'A facilitator';
  const nameOf = (id: Id | null | undefined) => view.partners.find((p) => p.id === id)?.name ?? 'an unknown partner';
  if (!knownPlace(place)) return refuse('AUTH-13', 'This change touches a part of the alliance Trellis does not know.');
  // Before the owner governing alone: a ratification is the partners' vote, whoever is left to hold one (AUTH-18).
  if (place.kind === 'charterRatification') return ratificationWrite(place, change, view, now);
  const alone = governsAlone(actor, view);
  if (alone && (!isLog(place) || (change.op === 'insert' && !isInsideEntry(place)))) return ALLOWED;

  switch (place.kind) {
    case 'charter':
    case 'exitPlan':
    case 'asset':
      // AUTH-2: the shared texts are everyone's, facilitators included.
      return ALLOWED;

    case 'meta':
      return actor.role === 'owner' ? ALLOWED : refuse('AUTH-10', "Only an owner link can change the alliance's name and settings.");

    case 'vote': {
      const decision = view.decisions.find((d) => d.id === place.decisionId);
      if (place.partnerId === null) {
        // The votes map is made with its decision; replacing it would delete every partner's vote.
        return change.op === 'insert' && (decision === undefined || Object.keys(decision.votes).length === 0) && (me !== null || alone)
          ? ALLOWED
          : refuse('AUTH-3', 'Nobody can replace or clear the votes of a decision.');
      }
      // A partner's vote is its own place whatever has happened to the decision meanwhile: a vote cast offline
      // arrives after a withdrawal, a close or its partner's exit, and is kept but counts for nothing (GOV-1, GOV-3,
      // GOV-13, GOV-14). Refusing it would refuse an honest race.
      if (me === null || place.partnerId !== me.id) {
        return refuse('AUTH-3', `Only ${nameOf(place.partnerId)}'s links can vote for ${nameOf(place.partnerId)}.`);
      }
      return ALLOWED;
    }

    case 'comment': {
      const decision = view.decisions.find((d) => d.id === place.decisionId);
      if (place.part === 'list') {
        // The list is made with its decision; replacing it would delete every comment.
        return change.op === 'insert' && (decision === undefined || decision.comments.length === 0)
          ? ALLOWED
          : refuse('AUTH-4', 'Nobody can replace or clear the comments of a decision.');
      }
      if (place.part === 'nested' || change.op !== 'insert') return refuse('AUTH-4', 'Comments are only added, never changed or removed.');
      if (me === null && field(change.value, 'partnerId') == null) return ALLOWED;
      return me !== null && field(change.value, 'partnerId') === me.id ? ALLOWED : refuse('AUTH-4', `${who} can comment only in its own name.`);
    }

    case 'decision':
      return decisionWrite(actor, me, place, change, view, now);

    case 'interest': {
      const existing = view.interests.find((i) => i.id === place.interestId);
      return ownedRecord(me, existing?.partnerId, place.field, change, 'AUTH-5', nameOf, 'change its interests and red lines');
    }

    case 'alignment': {
      if (me === null) return refuse('AUTH-5', 'Only a partner can link interests.');
      const link = view.alignment.find((l) => l.id === place.linkId);
      // A field of a link this update makes: the link is judged whole, with all its fields, at its own place.
      if (link === undefined && place.field !== null) return ALLOWED;
      const ends = link ? [link.fromInterestId, link.toInterestId] : [field(change.value, 'fromInterestId'), field(change.value, 'toInterestId')];
      const owners = ends.map((id) => view.interests.find((i) => i.id === id)?.partnerId);
      return owners.includes(me.id) ? ALLOWED : refuse('AUTH-5', 'Only the partners whose interests it links can change this link.');
    }

    case 'checkin':
      if (place.nested || change.op !== 'insert') return refuse('AUTH-6', 'Check-ins are only added, never changed or removed.');
      return me !== null && field(change.value, 'partnerId') === me.id
        ? ALLOWED
        : refuse('AUTH-6', me === null ? 'Only a partner can check in.' : `${me.name}'s links can check in only for ${me.name}.`);

    case 'review':
      if (place.nested || change.op !== 'insert') return refuse('AUTH-6', 'Realignment reviews are only added, never changed or removed.');
      return me !== null ? ALLOWED : refuse('AUTH-6', 'Only a partner can record a realignment review.');

    case 'trust':
      if (place.nested || change.op !== 'insert') return refuse('AUTH-7', 'Trust entries are never changed or removed: a correction is a new entry.');
      return me !== null && field(change.value, 'recordedBy') === me.id
        ? ALLOWED
        : refuse('AUTH-7', me === null ? 'Only a partner can record trust.' : `${me.name}'s links record trust only in ${me.name}'s name.`);

    case 'commitment':
      return commitmentWrite(me, place, change, view, nameOf);

    case 'partner':
      return partnerWrite(actor, me, place, change, view, now, alone);

    case 'governance':
      return ruled(place, change, view, now, alone);

    case 'charterThread':
      return charterThreadWrite(me, place, change, view);

    case 'charterComment':
      return charterCommentWrite(me, place, change, view, nameOf);

    case 'charterVersion':
      return versionWrite(me, place, change, view);

    case 'unknown':
      return refuse('AUTH-13', 'This change touches a part of the alliance Trellis does not know.');
  }
}

/** Whether a comment written in `author`'s name is the writer's own: its partner's, or a facilitator's (AUTH-16). */
const ownAuthor = (me: Partner | null, author: unknown) => (me === null ? author === null || author === undefined : author === me.id);

/**
 * A comment thread on the charter (AUTH-16): opened by any partner or facilitator in its own name, unresolved; resolved
 * and reopened by any of them; where its passage is, what it quoted and who opened it never change, and it is never
 * removed (its comments are, by their authors).
 */
function charterThreadWrite(me: Partner | null, place: Place & { kind: 'charterThread' }, change: Change, view: AuthorityView): Verdict {
  const existing = view.charterThreads.find((t) => t.id === place.threadId);
  if (!existing) {
    if (place.field !== null || change.op === 'delete') return ALLOWED;
    if (view.charterThreads.length >= LIMITS.charterThreads) return refuse('AUTH-16', `The charter holds at most ${LIMITS.charterThreads} comment threads.`);
    if (!ownAuthor(me, field(change.value, 'partnerId'))) return refuse('AUTH-16', `${me?.name ?? 'A facilitator'} can open a thread only in its own name.`);
    return field(change.value, 'resolved') === true ? refuse('AUTH-16', 'A new thread opens unresolved.') : ALLOWED;
  }
  if (place.field === null) return refuse('AUTH-16', 'A comment thread is never removed or replaced: its authors delete their comments.');
  if (place.field === 'resolved' || place.field === 'resolvedBy' || place.field === 'resolvedAt') {
    return change.op === 'delete' ? refuse('AUTH-16', 'A thread is reopened, never cleared.') : ALLOWED;
  }
  return refuse('AUTH-16', 'Where a thread sits, what it quoted and who opened it never change.');
}

/** A comment on the charter (AUTH-16): written in its author's own name; edited and deleted by its author only. */
function charterCommentWrite(
  me: Partner | null,
  place: Place & { kind: 'charterComment' },
  change: Change,
  view: AuthorityView,
  nameOf: (id: Id | null | undefined) => string,
): Verdict {
  const existing = view.charterComments.find((c) => c.id === place.commentId);
  const who = me?.name ?? 'A facilitator';
  if (!existing) {
    if (place.field !== null || change.op === 'delete') return ALLOWED;
    if (view.charterComments.length >= LIMITS.charterComments) return refuse('AUTH-16', `The charter holds at most ${LIMITS.charterComments} comments.`);
    return ownAuthor(me, field(change.value, 'partnerId')) ? ALLOWED : refuse('AUTH-16', `${who} can comment only in its own name.`);
  }
  if (!ownAuthor(me, existing.partnerId)) {
    const author = existing.partnerId === null ? 'a facilitator' : nameOf(existing.partnerId);
    return refuse('AUTH-16', `Only ${author}'s links can edit or delete ${author}'s comment.`);
  }
  if (place.field === null) return change.op === 'delete' ? ALLOWED : refuse('AUTH-16', 'A comment is edited, never replaced.');
  if ((place.field === 'text' || place.field === 'editedAt') && change.op !== 'delete') return ALLOWED;
  return refuse('AUTH-16', 'Who wrote a comment, where and when never change.');
}

/**
 * The charter's versions (AUTH-17): taken by any owner or edit link in its own partner's name (none for a facilitator),
 * whole and with the hash of its text; never changed once written. An automatic version may be pruned by anyone (the
 * history's bounds, HIST-3); a named one is removed only by the partner that named it; neither while the partners vote
 * on ratifying it (RAT-5).
 */
function versionWrite(me: Partner | null, place: Place & { kind: 'charterVersion' }, change: Change, view: AuthorityView): Verdict {
  if (place.nested || change.op === 'update') return refuse('AUTH-17', 'A version of the charter is never changed once kept.');
  if (change.op === 'insert') {
    const entry = readVersionEntry(change.value);
    if (entry === null) return refuse('AUTH-17', 'A version of the charter is kept whole, with the hash of its text.');
    if (entry.partnerId !== (me?.id ?? null)) return refuse('AUTH-17', `${me?.name ?? 'A facilitator'} keeps versions only in its own name.`);
    return ALLOWED;
  }
  const version = view.charterVersions.find((v) => v.id === place.versionId);
  // RAT-5 on the relay: what the partners are voting on stays until the vote is settled and applied.
  if (version && versionsUnderRatification(view.decisions).has(version.id)) {
    return refuse('AUTH-17', `The version “${version.name || 'kept automatically'}” is before the partners for ratification; it stays until that decision is settled.`);
  }
  if (!version || version.kind !== 'named') return ALLOWED;
  if (version.partnerId === (me?.id ?? null)) return ALLOWED;
  const owner = view.partners.find((p) => p.id === version.partnerId)?.name ?? 'a facilitator';
  return refuse('AUTH-17', `Only ${owner}'s links can remove the version “${version.name}”.`);
}

/**
 * The charter's ratification (AUTH-18): written only as a passed ratification decision's effect, exactly as the rules
 * give it (`ruledWrites`, RAT-2), by any session that applies it; never changed, written inside or removed after. A
 * second session applying the same decision moments later writes the same record again (CHG-8), which the rules allow.
 */
function ratificationWrite(place: Place & { kind: 'charterRatification' }, change: Change, view: AuthorityView, now: Millis): Verdict {
  if (place.nested || change.op === 'delete') return refuse('AUTH-18', 'A ratification of the charter is never changed or removed.');
  if (matchesRuledWrite(place, change.value, view, now)) return ALLOWED;
  return refuse('AUTH-18', 'The charter is ratified only by a decision that passed under the rules in force, with the record the rules give.');
}

/** Logs are appended only, whoever writes (AUTH-4, AUTH-6, AUTH-7); versions are never rewritten (AUTH-17). */
function isLog(place: Place): boolean {
  return place.kind === 'charterVersion' || place.kind === 'trust' || place.kind === 'checkin' || place.kind === 'review' || (place.kind === 'comment' && place.part !== 'list');
}

function isInsideEntry(place: Place): boolean {
  return place.kind === 'comment' ? place.part === 'nested' : 'nested' in place && place.nested === true;
}

/** AUTH-11: a value the rules give (a passed decision's effect, a due exit), or anything while an owner governs alone. */
function ruled(place: Place, change: Change, view: AuthorityView, now: Millis, alone: boolean, rule: AuthorityRule = 'AUTH-11'): Verdict {
  if (alone) return ALLOWED;
  if (change.op !== 'delete' && matchesRuledWrite(place, change.value, view, now)) return ALLOWED;
  return refuse(rule, 'The rules, quorum, voting weights and outcomes change only when a decision passes.');
}

/** Whether some write the rules allow at `now` (or within the clock skew) is this one. */
export function matchesRuledWrite(place: Place, value: unknown, view: AuthorityView, now: Millis): RuledWrite | null {
  return ruledWritesOf(view, now).find((w) => samePlace(w.place, place) && acceptsValue(w.accepts, value)) ?? null;
}

// One update asks about many places against one view: the rules' writes are worked out once per view and moment.
const ruledCache = new WeakMap<AuthorityView, { now: Millis; writes: RuledWrite[] }>();
function ruledWritesOf(view: AuthorityView, now: Millis): RuledWrite[] {
  const cached = ruledCache.get(view);
  if (cached && cached.now === now) return cached.writes;
  const writes = ruledWrites(view, now);
  ruledCache.set(view, { now, writes });
  return writes;
}

/** A decision's own fields (AUTH-4, AUTH-11, AUTH-12). */
function decisionWrite(actor: Actor, me: Partner | null, place: Place & { kind: 'decision' }, change: Change, view: AuthorityView, now: Millis): Verdict {
  const decision = view.decisions.find((d) => d.id === place.decisionId);
  const alone = governsAlone(actor, view);
  if (!decision) {
    // A new decision: opened by a partner, in its own name, open, with nothing decided or applied.
    // Fields of a record the update itself creates: its insert (below) carries them and is checked whole.
    if (place.field !== null || change.op === 'delete') return ALLOWED;
    if (me === null && !alone) return refuse('AUTH-4', 'Only a partner can propose a decision.');
    const v = change.value;
    const proposer = field(v, 'proposerId');
    if (me !== null && proposer !== me.id) return refuse('AUTH-4', `${me.name}'s links propose decisions only in ${me.name}'s name.`);
    // Withdrawn is the proposer's own word (below): a proposal opened and withdrawn before it reached the relay
    // arrives as one record already withdrawn.
    const status = field(v, 'status');
    if ((status !== 'open' && status !== 'withdrawn') || field(v, 'outcome') !== null || (field(v, 'appliedAt') ?? null) !== null) {
      return refuse('AUTH-4', 'A new decision opens undecided.');
    }
    return ALLOWED;
  }
  if (place.field === null) {
    return change.op === 'delete' ? refuse('AUTH-4', 'A decision is withdrawn, never deleted.') : refuse('AUTH-13', 'A decision cannot be replaced.');
  }
  const proposer = decision.proposerId;
  const isProposer = proposer === null ? me !== null || actor.role === 'owner' : me?.id === proposer;
  const undecided = decision.status === 'open' || decision.status === 'escalated';
  switch (place.field) {
    case 'title':
    case 'body':
    case 'category':
    case 'change':
      // Its wording: each vote answers the wording it was cast on (GOV-13), so a reword concurrent with a vote
      // cannot turn that vote into approval of other words, and needs no check of votes here. Votes cast before
      // votes carried their wording would be carried over: while one is held, the decision keeps its words.
      if (!isProposer) return refuse('AUTH-4', `Only ${proposerName(decision, view)}'s links can reword this decision.`);
      // A withdrawn one too: its proposer may reopen it (DEC-7), and a reopening and a reword can arrive as one update.
      if (decision.status === 'decided') return refuse('AUTH-4', 'This decision is already decided: its words no longer change.');
      if (Object.values(decision.votes).some((vote) => vote.on === undefined || vote.on === null)) {
        return refuse('AUTH-4', 'A decision cannot be reworded once someone has voted.');
      }
      return ALLOWED;
    case 'deadline':
      if (matchesRuledWrite(place, change.op === 'delete' ? undefined : change.value, view, now)) return ALLOWED;
      if (!isProposer) return refuse('AUTH-4', `Only ${proposerName(decision, view)}'s links can change this decision's deadline.`);
      if (Object.keys(decision.votes).length > 0 || !undecided) return refuse('AUTH-4', "A decision's deadline cannot change once someone has voted.");
      return ALLOWED;
    case 'status': {
      // Withdrawn again is the net effect of a withdrawal, its undo and a second withdrawal sent as one update.
      if (change.op !== 'delete' && change.value === 'withdrawn' && (undecided || decision.status === 'withdrawn')) {
        return isProposer ? ALLOWED : refuse('AUTH-4', `Only ${proposerName(decision, view)}'s links can withdraw this decision.`);
      }
      if (closedAgain('status', change, decision, now)) return ALLOWED;
      // Its proposer's withdrawal (or the undo of one) made on a copy that had not seen the close: the close wins
      // (GOV-15), the decision still reads as decided, so this changes nothing.
      if (decision.status === 'decided' && change.op !== 'delete' && (change.value === 'withdrawn' || change.value === reopenedStatus(decision)) && isProposer) return ALLOWED;
      // Reopening what its proposer withdrew (DEC-7: the undo of a withdrawal); the same status again is the net
      // effect of a withdrawal and its undo sent as one merged update.
      const reopened = reopenedStatus(decision);
      if (change.op !== 'delete' && change.value === reopened && (decision.status === 'withdrawn' || decision.status === reopened)) {
        // Escalated again by a second session at once (CHG-8) is the rules' write, not a reopening.
        if (isProposer || matchesRuledWrite(place, change.value, view, now)) return ALLOWED;
        return refuse('AUTH-4', `Only ${proposerName(decision, view)}'s links can reopen this decision.`);
      }
      return ruled(place, change, view, now, alone, change.op !== 'delete' && change.value === 'escalated' ? 'AUTH-12' : 'AUTH-11');
    }
    case 'level':
    case 'escalatedAt':
    case 'escalationReason':
      return ruled(place, change, view, now, alone, 'AUTH-12');
    case 'outcome':
    case 'appliedAt':
      if (closedAgain(place.field, change, decision, now)) return ALLOWED;
      return ruled(place, change, view, now, alone);
    case 'withdrawnAt': {
      // Its proposer's stamp of a withdrawal (GOV-15), cleared by the undo; the relay's clock bounds the stamp.
      const stamp = change.op === 'delete' ? undefined : change.value;
      const fair = stamp === null || (typeof stamp === 'number' && Math.abs(stamp - now) <= CLOCK_SKEW_MS);
      if (!isProposer) return refuse('AUTH-4', `Only ${proposerName(decision, view)}'s links can withdraw this decision.`);
      return fair ? ALLOWED : refuse('AUTH-4', 'A withdrawal is stamped with the time it is made.');
    }
    case 'openedAt':
    case 'createdBy':
    case 'proposerId':
      return refuse('AUTH-4', 'Who opened a decision, and when, never changes.');
    default:
      return refuse('AUTH-13', 'This change touches a part of the decision Trellis does not know.');
  }
}

/**
 * A second session closing a decision already closed, from a copy that had not seen the first close: the same
 * outcome, status decided, and its own stamp of `appliedAt` (AUTH-11). A decided decision is final — nothing may
 * change it afterwards — so writing what it already holds can overwrite no later write; a different outcome is
 * refused as before.
 */
function closedAgain(field: 'status' | 'outcome' | 'appliedAt', change: Change, decision: Decision, now: Millis): boolean {
  if (decision.status !== 'decided' || change.op === 'delete') return false;
  if (field === 'status') return change.value === 'decided';
  if (field === 'outcome') return change.value === decision.outcome;
  return decision.appliedAt !== null && typeof change.value === 'number' && Math.abs(change.value - now) <= CLOCK_SKEW_MS;
}

function proposerName(decision: Decision, view: AuthorityView): string {
  return view.partners.find((p) => p.id === decision.proposerId)?.name ?? 'its proposer';
}

/**
 * A record that belongs to one partner (an interest, a commitment): only that partner's links create, change or remove
 * it, and it stays with that partner. `owner` is the partner in the room's document, undefined for a record the update
 * itself creates; then the record's insert carries its `partnerId`, and its fields are covered by that check.
 */
function ownedRecord(
  me: Partner | null,
  owner: Id | undefined,
  field_: string | null,
  change: Change,
  rule: AuthorityRule,
  nameOf: (id: Id | null | undefined) => string,
  what: string,
): Verdict {
  const mine = (id: unknown) => me !== null && id === me.id;
  if (owner === undefined) {
    if (field_ !== null || change.op === 'delete') return ALLOWED;
    const claimed = field(change.value, 'partnerId');
    return mine(claimed) ? ALLOWED : refuse(rule, `Only ${nameOf(claimed as Id)}'s links can ${what}.`);
  }
  if (!mine(owner)) return refuse(rule, `Only ${nameOf(owner)}'s links can ${what}.`);
  if (change.op === 'delete') return field_ === 'partnerId' ? refuse(rule, `It stays with ${me!.name}.`) : ALLOWED;
  if (field_ === 'partnerId' && !mine(change.value)) return refuse(rule, `It stays with ${me!.name}.`);
  if (field_ === null && !mine(field(change.value, 'partnerId'))) return refuse(rule, `It stays with ${me!.name}.`);
  return ALLOWED;
}

/**
 * Commitments (AUTH-8): the partner's own, status included. Another partner marks one delivered or missed with a
 * trust entry of its own (AUTH-7), never by writing the status: two partners marking at once then add two entries,
 * and the commitment reads as the first of them (COMMIT-4), instead of one overwriting the other's word.
 */
function commitmentWrite(
  me: Partner | null,
  place: Place & { kind: 'commitment' },
  change: Change,
  view: AuthorityView,
  nameOf: (id: Id | null | undefined) => string,
): Verdict {
  const existing = view.commitments.find((c) => c.id === place.commitmentId);
  return ownedRecord(me, existing?.partnerId, place.field, change, 'AUTH-8', nameOf, 'change its commitments');
}

/** Partners (AUTH-9, AUTH-10, AUTH-11). */
function partnerWrite(
  actor: Actor,
  me: Partner | null,
  place: Place & { kind: 'partner' },
  change: Change,
  view: AuthorityView,
  now: Millis,
  alone: boolean,
): Verdict {
  const existing = view.partners.find((p) => p.id === place.partnerId);
  const owner = actor.role === 'owner';
  if (place.field === null || !existing) {
    if (change.op === 'delete' && existing) return alone ? ALLOWED : refuse('AUTH-11', 'A partner leaves by its exit, not by being removed.');
    return owner ? ALLOWED : refuse('AUTH-10', 'Only an owner link can add partners.');
  }
  switch (place.field) {
    case 'name':
    case 'color':
    case 'joinedAt':
      return owner ? ALLOWED : refuse('AUTH-10', 'Only an owner link can rename partners or change their colour.');
    case 'status':
    case 'exitNoticeAt':
    case 'exitEffectiveAt': {
      // AUTH-9: a partner gives its own notice; completing a due exit, or another's exit, follows the rules.
      // Completing an exit already completed (two sessions at once, CHG-7): exited is final, so this changes nothing.
      if (place.field === 'status' && existing.status === 'exited' && change.op !== 'delete' && change.value === 'exited') return ALLOWED;
      const own = me !== null && me.id === existing.id;
      const giving = place.field !== 'status' || (change.op !== 'delete' && (change.value === 'exiting' || change.value === 'exited'));
      if (own && giving && existing.status !== 'exited') return ALLOWED;
      const verdict = ruled(place, change, view, now, alone);
      return verdict.allowed ? verdict : refuse('AUTH-9', `Only ${existing.name}'s links can give ${existing.name}'s exit notice; another partner's exit is a decision.`);
    }
    case 'votingWeight':
    case 'minorityProtected':
      return ruled(place, change, view, now, alone);
    default:
      return refuse('AUTH-13', 'This change touches a part of a partner Trellis does not know.');
  }
}
