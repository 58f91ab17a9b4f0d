/**
 * Constitution changes as decisions (CHG-1 .. CHG-7 in shared/METHOD.md), and the writes the rules themselves make:
 * closing a decision with the outcome the rules give, applying a passed change, escalating when due, completing a due
 * exit. Each is given as the exact field writes it allows (`RuledWrite`), so the document layer writes them and the
 * relay admits them from one declaration.
 */
import type { AllianceSnapshot, ConstitutionChange, Decision, DecisionOutcome, Id, Millis, Partner } from '../schema.ts';
import { ratificationWrite } from './ratification.ts';
import type { Place } from '../authority/places.ts';
import { CATEGORY_LABELS, RULE_WORDS } from '../vocabulary.ts';
import { DAY_MS } from './calendar.ts';
import { encodingHash, MAX_VERSION_CHARS } from '../document/charterVersion.ts';
import { decisionOutcome, escalation } from './governance.ts';

/**
 * How far a writer's clock may be from the relay's (CHG-6): a time the rules stamp (an escalation, a notice, an
 * application) is admitted within this much of the relay's `now`, and a rule that becomes due is admitted this early.
 */
export const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * What the rules read from the document: a snapshot, or any view with these parts. The charter's versions and
 * ratifications are read only to ratify it (RAT-2); a view without them allows no ratification.
 */
export type RulesView = Pick<AllianceSnapshot, 'partners' | 'decisions' | 'governance'> & Partial<Pick<AllianceSnapshot, 'charterVersions' | 'charterRatifications'>>;

/**
 * The values a ruled write may carry: exactly one of these, a time in a window, or any text; a text whose content hash
 * is this one (a ratified charter's, RAT-2); or a plain entry with exactly these fields, each accepted in its turn.
 */
export type Accepted =
  | { oneOf: readonly unknown[] }
  | { between: readonly [Millis, Millis] }
  | { text: true }
  | { hashOf: string }
  | { fields: Readonly<Record<string, Accepted>> };

/** One field write the rules allow: where, which values, and why. */
export interface RuledWrite {
  place: Place;
  accepts: Accepted;
  /** The decision it belongs to, when it is one's effect. */
  decisionId: Id | null;
  /** AUTH-11 (a decision's effect, or a due exit) or AUTH-12 (an escalation). */
  rule: 'AUTH-11' | 'AUTH-12';
}

/** Whether a value is one the write allows (arrays compare item by item, in order). */
export function acceptsValue(accepts: Accepted, value: unknown): boolean {
  if ('text' in accepts) return typeof value === 'string';
  if ('hashOf' in accepts) return typeof value === 'string' && value.length <= MAX_VERSION_CHARS && encodingHash(value) === accepts.hashOf;
  if ('fields' in accepts) {
    if (!isPlainObject(value)) return false;
    const keys = Object.keys(accepts.fields);
    return Object.keys(value).length === keys.length && keys.every((key) => Object.hasOwn(value, key) && acceptsValue(accepts.fields[key]!, value[key]));
  }
  if ('between' in accepts) return typeof value === 'number' && value >= accepts.between[0] && value <= accepts.between[1];
  return accepts.oneOf.some((allowed) => sameValue(allowed, value));
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  // Plain entries (a ratification's counted votes) compare key by key.
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && sameValue(a[key], b[key]));
  }
  return Object.is(a, b);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value a writer that follows the rules writes at `now`: the first allowed value, or `now` in a window. */
export function honestValue(accepts: Accepted, now: Millis): unknown {
  if ('between' in accepts) return Math.min(Math.max(now, accepts.between[0]), accepts.between[1]);
  if ('oneOf' in accepts) return accepts.oneOf[0];
  if ('fields' in accepts) return Object.fromEntries(Object.entries(accepts.fields).map(([key, inner]) => [key, honestValue(inner, now)]));
  // A text, or a ratified text: the writer fills in the text itself (the version's, RAT-2).
  // Stryker disable next-line StringLiteral: never written: applyPassedDecision replaces a record's content with the version's text, and applies no text write
  return '';
}

const window = (now: Millis): readonly [Millis, Millis] => [now - CLOCK_SKEW_MS, now + CLOCK_SKEW_MS];

/**
 * How long after a write a second session's write, made on a copy that had not seen it, may still arrive (CHG-8,
 * GOV-15): both are stamped within the clock skew of the relay's now, and at most one round trip apart.
 */
export const REPEAT_WINDOW_MS = 2 * CLOCK_SKEW_MS;

/** Whether a write stamped `at` can be concurrent with one made at `now`. */
export const concurrentWith = (at: Millis | null, now: Millis): boolean => at !== null && Math.abs(now - at) <= REPEAT_WINDOW_MS;
const exactly = (...values: unknown[]): Accepted => ({ oneOf: values });

/**
 * The change a decision has earned (CHG-2): its change, when the rules in force give it `passed`, finally, and it is
 * neither withdrawn nor applied yet; otherwise null.
 */
export function passedChange(decision: Decision, view: RulesView, now: Millis): ConstitutionChange | null {
  if (decision.change === null || decision.appliedAt !== null) return null;
  if (decision.status === 'withdrawn' || decision.status === 'decided') return null;
  const result = decisionOutcome(decision, view.partners, view.governance, now);
  return result.final && result.outcome === 'passed' ? decision.change : null;
}

/** Decisions still open or escalated that carry a change not yet applied: what the partners have yet to vote through (CHG-9). */
export function pendingChanges(decisions: readonly Decision[]): Decision[] {
  return decisions.filter((d) => d.change !== null && d.appliedAt === null && (d.status === 'open' || d.status === 'escalated'));
}

/** The pending decision that already proposes exactly `change`, if any: a second one would only split the vote (CHG-9). */
export function alreadyProposed(change: ConstitutionChange, decisions: readonly Decision[]): Decision | null {
  const key = changeKey(change);
  return pendingChanges(decisions).find((d) => changeKey(d.change!) === key) ?? null;
}

/** A change as text that does not depend on the order its fields were written in. */
function changeKey(change: ConstitutionChange): string {
  return JSON.stringify(Object.entries(change).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The status a withdrawn decision takes again when its proposer reopens it (DEC-7): escalated if it had been. */
export function reopenedStatus(decision: Pick<Decision, 'escalatedAt'>): 'open' | 'escalated' {
  return decision.escalatedAt !== null ? 'escalated' : 'open';
}

/** The outcome the rules give a decision that is still open, when it is final (CHG-4); otherwise null. */
export function finalOutcome(decision: Decision, view: RulesView, now: Millis): DecisionOutcome | null {
  if (decision.status === 'withdrawn' || decision.status === 'decided') return null;
  const result = decisionOutcome(decision, view.partners, view.governance, now);
  return result.final ? result.outcome : null;
}

/**
 * The exact writes that closing a decision at `now` allows (CHG-3, CHG-4): its outcome as the rules give it and
 * status `decided`; when it passed with a change, the change's fields and `appliedAt`. Null when the rules give no
 * final outcome yet (or the decision is unknown or closed). A withdrawn decision is judged as it stood before its
 * withdrawal: a session that had not seen the withdrawal may close it, and the close wins (GOV-15).
 */
export function expectedEffect(decisionId: Id, view: RulesView, now: Millis): RuledWrite[] | null {
  const held = view.decisions.find((d) => d.id === decisionId);
  if (!held) return null;
  // A close wins over a withdrawal concurrent with it (GOV-15): a decision withdrawn moments ago closes as it stood
  // before; one withdrawn earlier, or before withdrawals were stamped, has no outcome (GOV-14).
  if (held.status === 'withdrawn' && !concurrentWith(held.withdrawnAt ?? null, now)) return null;
  const decision = held.status === 'withdrawn' ? { ...held, status: reopenedStatus(held) } : held;
  const outcome = finalOutcome(decision, view, now);
  if (outcome === null) return null;
  const on = (field: string): Place => ({ kind: 'decision', decisionId, field });
  const writes: RuledWrite[] = [
    { place: on('outcome'), accepts: exactly(outcome), decisionId, rule: 'AUTH-11' },
    { place: on('status'), accepts: exactly('decided'), decisionId, rule: 'AUTH-11' },
  ];
  const change = passedChange(decision, view, now);
  if (change !== null) {
    writes.push({ place: on('appliedAt'), accepts: { between: window(now) }, decisionId, rule: 'AUTH-11' });
    for (const [place, accepts] of changeWrites(change, now, decisionId, view)) writes.push({ place, accepts, decisionId, rule: 'AUTH-11' });
  }
  return writes;
}

/** The settings a change writes (CHG-1): one field, a partner's exit fields, or the charter's ratification (RAT-2). */
function changeWrites(change: ConstitutionChange, now: Millis, decisionId: Id, view: RulesView): [Place, Accepted][] {
  const governance = (field: string): Place => ({ kind: 'governance', field });
  const partner = (partnerId: Id, field: string): Place => ({ kind: 'partner', partnerId, field });
  switch (change.kind) {
    case 'rule':
      return [[governance(`${change.category}Rule`), exactly(change.rule)]];
    case 'quorum':
      return [[governance('quorum'), exactly(change.quorum)]];
    case 'lead-partner':
      return [[governance('leadPartnerId'), exactly(change.partnerId)]];
    case 'operational-time-limit':
      return [[governance('operationalTimeLimitDays'), exactly(change.days)]];
    case 'steering-time-limit':
      return [[governance('steeringTimeLimitDays'), exactly(change.days)]];
    case 'veto-categories':
      return [[governance('vetoCategories'), exactly(change.categories)]];
    case 'voting-weight':
      return [[partner(change.partnerId, 'votingWeight'), exactly(change.weight)]];
    case 'minority-protection':
      return [[partner(change.partnerId, 'minorityProtected'), exactly(change.protected)]];
    case 'exit': {
      // Near `now` either status is right, depending on whose clock is ahead.
      const status =
        change.effectiveAt <= now - CLOCK_SKEW_MS ? exactly('exited') : change.effectiveAt > now + CLOCK_SKEW_MS ? exactly('exiting') : change.effectiveAt <= now ? exactly('exited', 'exiting') : exactly('exiting', 'exited');
      return [
        [partner(change.partnerId, 'status'), status],
        [partner(change.partnerId, 'exitNoticeAt'), { between: window(now) }],
        [partner(change.partnerId, 'exitEffectiveAt'), exactly(change.effectiveAt)],
      ];
    }
    case 'ratify-charter': {
      const record = ratificationWrite(change, decisionId, view, window(now));
      return record === null ? [] : [[{ kind: 'charterRatification', decisionId, nested: false }, record]];
    }
  }
}

/**
 * The writes escalating a decision allows (CHG-5): only when the rules call it due (ESC-1 .. ESC-5) at some moment
 * within the clock skew of `now`; the same fields `escalateDecision` writes. A decision withdrawn moments ago is judged
 * as it stood before (GOV-15).
 */
export function escalationEffect(decisionId: Id, view: RulesView, now: Millis): RuledWrite[] | null {
  const held = view.decisions.find((d) => d.id === decisionId);
  if (!held) return null;
  // A session that had not seen a withdrawal made moments ago escalates it as it stood; it still reads withdrawn (GOV-15).
  if (held.status === 'withdrawn' && !concurrentWith(held.withdrawnAt ?? null, now)) return null;
  const decision = held.status === 'withdrawn' ? { ...held, status: reopenedStatus(held) } : held;
  const due = [now - CLOCK_SKEW_MS, now, now + CLOCK_SKEW_MS].some((at) => escalation(decision, view.partners, view.governance, at) !== null);
  if (!due) return null;
  const steering = view.governance.steeringTimeLimitDays * DAY_MS;
  const [from, to] = window(now);
  return escalationWrites(decisionId, now, [{ between: [Math.max(decision.deadline, from + steering), Math.max(decision.deadline, to + steering)] }]);
}

/** What an escalation to the steering committee writes (AUTH-12): its stamp within the window, and a deadline each of `deadlines` accepts. */
function escalationWrites(decisionId: Id, now: Millis, deadlines: readonly Accepted[]): RuledWrite[] {
  const write = (field: string, accepts: Accepted): RuledWrite => ({ place: { kind: 'decision', decisionId, field }, accepts, decisionId, rule: 'AUTH-12' });
  return [
    write('level', exactly('steering')),
    write('status', exactly('escalated')),
    write('escalatedAt', { between: window(now) }),
    // Stryker disable next-line BooleanLiteral: a text write is told by its `text` key alone; `true` only spells it for the type
    write('escalationReason', { text: true }),
    ...deadlines.map((accepts) => write('deadline', accepts)),
  ];
}

/** Marking a partner exited once its exit has taken effect (CHG-7): anyone's session may, as the rules make it so. */
export function dueExitEffect(partner: Partner, now: Millis): RuledWrite | null {
  if (partner.status !== 'exiting' || partner.exitEffectiveAt === null || partner.exitEffectiveAt > now + CLOCK_SKEW_MS) return null;
  return { place: { kind: 'partner', partnerId: partner.id, field: 'status' }, accepts: exactly('exited'), decisionId: null, rule: 'AUTH-11' };
}


/** The value a settings place holds in `view` (the governance, or a partner's field). */
function heldValue(place: Place, view: RulesView): unknown {
  if (place.kind === 'governance') {
    const category = place.field.endsWith('Rule') ? place.field.slice(0, -'Rule'.length) : null;
    const g = view.governance as unknown as Record<string, unknown>;
    // Stryker disable next-line LogicalOperator: a field ending in Rule comes only from a rule change, whose category is validated, so it is always a key of rules
    return category !== null && Object.hasOwn(view.governance.rules, category) ? view.governance.rules[category as keyof typeof view.governance.rules] : g[place.field];
  }
  // Stryker disable next-line ConditionalExpression,LogicalOperator: only changeWrites' places come here, each a governance field or a partner's field
  if (place.kind === 'partner' && place.field !== null) {
    const partner = view.partners.find((p) => p.id === place.partnerId) as unknown as Record<string, unknown> | undefined;
    return partner?.[place.field];
  }
  return undefined;
}

/**
 * The writes a second session makes when it applies a change or escalates a decision that another session did moments
 * before, from a copy that had not seen it (CHG-8, AUTH-15): the same values again. A setting is rewritten only while
 * it still holds this decision's value, so a stale application never overwrites a later change; stamps are admitted
 * within the clock skew of now, and only within `REPEAT_WINDOW_MS` of the first write. Null otherwise.
 */
export function repeatedEffect(decisionId: Id, view: RulesView, now: Millis): RuledWrite[] | null {
  const decision = view.decisions.find((d) => d.id === decisionId);
  if (!decision) return null;
  const recent = (at: Millis | null) => concurrentWith(at, now);
  if (decision.status === 'decided' && decision.outcome === 'passed' && decision.change !== null && recent(decision.appliedAt)) {
    const writes = changeWrites(decision.change, now, decisionId, view);
    const overwritten = writes.some(([place, accepts]) => 'oneOf' in accepts && !acceptsValue(accepts, heldValue(place, view)));
    return overwritten ? null : writes.map(([place, accepts]) => ({ place, accepts, decisionId, rule: 'AUTH-11' }));
  }
  if (decision.status === 'escalated' && decision.level === 'steering' && recent(decision.escalatedAt)) {
    const steering = view.governance.steeringTimeLimitDays * DAY_MS;
    const [from, to] = window(now);
    // Its own stamp plus the steering time, or the deadline it saw when that was later (the one held then).
    return escalationWrites(decisionId, now, [{ between: [from - CLOCK_SKEW_MS + steering, to + steering] }, exactly(decision.deadline)]);
  }
  return null;
}

/** Every write the rules allow at `now`, whoever makes it: closing, applying, escalating, completing exits. */
export function ruledWrites(view: RulesView, now: Millis): RuledWrite[] {
  const out: RuledWrite[] = [];
  for (const decision of view.decisions) {
    out.push(
      ...(expectedEffect(decision.id, view, now) ?? []),
      ...(escalationEffect(decision.id, view, now) ?? []),
      ...(repeatedEffect(decision.id, view, now) ?? []),
    );
  }
  for (const partner of view.partners) {
    const due = dueExitEffect(partner, now);
    if (due) out.push(due);
  }
  return out;
}

const percent = (share: number) => `${Math.round(share * 100)} %`;
const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;
const categoriesText = (list: readonly string[]) =>
  list.length === 0 ? 'no decisions' : `${list.map((c) => CATEGORY_LABELS[c as keyof typeof CATEGORY_LABELS].toLowerCase()).join(' and ')} decisions`;

/** What a change does, in the method's words, against the settings in force ("Change quorum from 67 % to 50 %"). */
export function describeChange(change: ConstitutionChange, view: Pick<AllianceSnapshot, 'partners' | 'governance'>): string {
  const g = view.governance;
  const partner = (id: Id | null) => view.partners.find((p) => p.id === id);
  const nameOf = (id: Id | null) => partner(id)?.name ?? 'an unknown partner';
  switch (change.kind) {
    case 'rule':
      return `Decide ${CATEGORY_LABELS[change.category].toLowerCase()} decisions by ${RULE_WORDS[change.rule]} instead of ${RULE_WORDS[g.rules[change.category]]}`;
    case 'quorum':
      return `Change quorum from ${percent(g.quorum)} to ${percent(change.quorum)}`;
    case 'lead-partner':
      return change.partnerId === null ? `Have no lead partner (now ${nameOf(g.leadPartnerId)})` : `Make ${nameOf(change.partnerId)} the lead partner`;
    case 'operational-time-limit':
      return `Give the operational team ${days(change.days)} instead of ${days(g.operationalTimeLimitDays)} before escalating`;
    case 'steering-time-limit':
      return `Give the steering committee ${days(change.days)} instead of ${days(g.steeringTimeLimitDays)} to decide`;
    case 'veto-categories':
      return `Let minority-protected partners veto ${categoriesText(change.categories)} (now ${categoriesText(g.vetoCategories)})`;
    case 'voting-weight':
      return `Change ${nameOf(change.partnerId)}'s voting weight from ${partner(change.partnerId)?.votingWeight ?? 0} to ${change.weight}`;
    case 'minority-protection':
      return change.protected ? `Give ${nameOf(change.partnerId)} minority protection` : `End ${nameOf(change.partnerId)}'s minority protection`;
    case 'exit':
      return `${nameOf(change.partnerId)} leaves the alliance, effective ${new Date(change.effectiveAt).toISOString().slice(0, 10)}`;
    case 'ratify-charter':
      return `Ratify the charter as kept in its history (text hash ${change.hash.slice(0, 12)}…)`;
  }
}
