/**
 * The relay's refusal of an update (AUTH-1 .. AUTH-13, AUTH-16, AUTH-17): its message (`MESSAGE_TYPES.refused`, JSON in a var-string)
 * read as hostile input, and told to the person as the action refused and why. The session then returns its copy to
 * what the relay holds, so nobody believes a vote counted that did not.
 */
import * as decoding from 'lib0/decoding';
import { DECISION, PARTNER, type AllianceSnapshot, type AuthorityRefusal, type AuthorityRule } from '@trellis/shared';

/** What the person is told: which action, why, and when. Kept on the session that replaces the discarded copy. */
export interface RefusedUpdate {
  /** "Your vote on “Open the Lyon depot”". */
  action: string;
  /** The rule's sentence, or a general one when the relay sent none. */
  reason: string;
  rule: AuthorityRule | null;
  at: number;
  /**
   * The other changes that came in the same update and went with it (an offline batch is sent as one update), each
   * named once: "your commitment “Ship the API”". `more` when the relay's list was cut short.
   */
  alsoLost: string[];
  more: boolean;
}

const MAX_MESSAGE_CHARS = 8 * 1024;
const MAX_REASON_CHARS = 500;
const MAX_PLACES = 20;
const MAX_PLACE_CHARS = 300;

/** Reads the refusal message; null when it is not one the relay would send (too long, malformed). */
export function decodeRefusal(decoder: decoding.Decoder): AuthorityRefusal | null {
  try {
    const text = decoding.readVarString(decoder);
    if (text.length > MAX_MESSAGE_CHARS) return null;
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return null;
    const { rule, reason, places } = value as Record<string, unknown>;
    if (typeof rule !== 'string' || !/^AUTH-\d{1,2}$/.test(rule)) return null;
    if (typeof reason !== 'string' || reason.length > MAX_REASON_CHARS) return null;
    if (!Array.isArray(places)) return null;
    const kept = places.filter((p): p is string => typeof p === 'string' && p.length <= MAX_PLACE_CHARS).slice(0, MAX_PLACES);
    return { rule: rule as AuthorityRule, reason, places: kept };
  } catch {
    return null;
  }
}

/** A decision's fields only the rules write, through the session's upkeep (closing, applying, escalating): no control writes them. */
// Typed against the records' declarations, so that a renamed field breaks the build rather than this check.
const UPKEEP_ONLY: (keyof typeof DECISION)[] = ['outcome', 'appliedAt', 'escalatedAt'];
const UPKEEP_ONLY_FIELDS: ReadonlySet<string> = new Set(UPKEEP_ONLY);
/** What closing or escalating writes beside them on the decision. */
const CLOSING_FIELDS: ReadonlySet<string> = new Set<keyof typeof DECISION>([...UPKEEP_ONLY, 'status', 'level', 'escalationReason', 'deadline']);
/** What applying a passed change writes (CHG-3): a setting, a partner's weight, protection or exit, a ratification. */
const APPLIED_PARTNER_FIELDS: ReadonlySet<string> = new Set<keyof typeof PARTNER>(['votingWeight', 'minorityProtected', 'status', 'exitNoticeAt', 'exitEffectiveAt']);

/**
 * True when the refused update was only the upkeep's: closing, escalating or applying a decision as this copy's rules
 * gave it, while a partner's vote or change reached the relay first (PROTOCOL.md, "Known refusals of honest races").
 * Nothing a person did is in it, and the upkeep writes again from the relay's copy, so nobody needs telling. Anything
 * else in the update (a vote, a proposal, a rename merged in after being offline), a list the relay cut short, or
 * another rule: false, and the person is told.
 */
export function refusedOnlyUpkeep(refusal: AuthorityRefusal | null): boolean {
  if (refusal === null || (refusal.rule !== 'AUTH-11' && refusal.rule !== 'AUTH-12')) return false;
  if (refusal.places.length === 0 || refusal.places.length >= MAX_PLACES) return false;
  const places = refusal.places.map((key) => key.split('/'));
  const ruled = places.filter(([kind, , field]) => kind === 'decision' && UPKEEP_ONLY_FIELDS.has(field ?? ''));
  if (ruled.length === 0) return false;
  const decisions = new Set(ruled.map(([, id]) => id));
  const applying = places.some(([kind, , field]) => kind === 'decision' && field === 'appliedAt');
  return places.every(([kind, id, field = '']) => {
    if (kind === 'decision') return decisions.has(id) && CLOSING_FIELDS.has(field);
    if (kind === 'governance') return applying;
    if (kind === 'partner') return applying && APPLIED_PARTNER_FIELDS.has(field);
    if (kind === 'charterRatification') return applying && decisions.has(id);
    return false;
  });
}

/** The place kinds each rule guards, most telling first: the refused action is named after the first that matches. */
const RULE_KINDS: Record<AuthorityRule, readonly string[]> = {
  'AUTH-1': [],
  'AUTH-2': ['charter', 'exitPlan', 'asset'],
  'AUTH-3': ['vote'],
  'AUTH-4': ['decision', 'comment'],
  'AUTH-5': ['interest', 'alignment'],
  'AUTH-6': ['checkin', 'review'],
  'AUTH-7': ['trust'],
  'AUTH-8': ['commitment'],
  'AUTH-9': ['partner'],
  'AUTH-10': ['meta', 'partner'],
  'AUTH-11': ['governance', 'partner', 'decision'],
  'AUTH-12': ['decision'],
  'AUTH-13': [],
  'AUTH-16': ['charterComment', 'charterThread'],
  'AUTH-17': ['charterVersion'],
  'AUTH-18': ['charterRatification'],
};

type View = Pick<AllianceSnapshot, 'decisions' | 'partners' | 'interests' | 'commitments'>;

/** "Your vote on “Open the Lyon depot”", from a place key (`placeKey`: kind/ids/field). */
export function actionOf(placeKey: string | undefined, view: View): string {
  if (placeKey === undefined) return 'A change from this device';
  const [kind, id, field] = placeKey.split('/');
  const decision = view.decisions.find((d) => d.id === id);
  const on = decision ? ` on “${decision.title}”` : '';
  const partner = view.partners.find((p) => p.id === id)?.name;
  switch (kind) {
    case 'vote':
      return `Your vote${on}`;
    case 'comment':
      return `Your comment${on}`;
    case 'decision':
      if (field === 'outcome' || field === 'status' || field === 'appliedAt') return `Closing the decision${decision ? ` “${decision.title}”` : ''}`;
      return field === 'null' ? 'Your proposal' : `Your change to the decision${decision ? ` “${decision.title}”` : ''}`;
    case 'checkin':
      return 'Your check-in';
    case 'review':
      return 'Your realignment review';
    case 'trust':
      return 'Your trust entry';
    case 'interest': {
      const interest = view.interests.find((i) => i.id === id);
      return interest ? `Your interest “${interest.text}”` : 'Your change to the interest map';
    }
    case 'alignment':
      return 'Your link between interests';
    case 'commitment': {
      const commitment = view.commitments.find((c) => c.id === id);
      return commitment ? `Your commitment “${commitment.text}”` : 'Your change to a commitment';
    }
    case 'partner':
      if (field === 'status' || field?.startsWith('exit')) return `Recording ${partner ?? 'a partner'}'s exit`;
      return `Your change to ${partner ?? 'a partner'}`;
    case 'governance':
      return 'Your change to the decision rules';
    case 'meta':
      return "Your change to the alliance's settings";
    case 'charter':
      return 'Your edit of the charter';
    case 'charterThread':
      return 'Your change to a comment thread on the charter';
    case 'charterComment':
      return 'Your comment on the charter';
    case 'charterVersion':
      return 'Your change to the charter’s history';
    case 'charterRatification':
      return 'Recording the charter’s ratification';
    case 'exitPlan':
    case 'asset':
      return 'Your change to the exit plan';
    default:
      return 'A change from this device';
  }
}

/** The refusal as the person will read it; `refusal` null when only the close code arrived. */
export function refusedUpdate(refusal: AuthorityRefusal | null, view: View | null, at: number): RefusedUpdate {
  if (refusal === null || view === null) {
    return { action: 'A change from this device', reason: 'It was outside what this link may do.', rule: refusal?.rule ?? null, at, alsoLost: [], more: false };
  }
  const kinds = RULE_KINDS[refusal.rule] ?? [];
  const key = refusal.places.find((p) => kinds.includes(p.split('/')[0] ?? '')) ?? refusal.places[0];
  const action = actionOf(key, view);
  // What the app writes by itself (closing a decision, the charter's automatic versions and ratification record) it
  // writes again from the relay's copy: not the person's to make again.
  const byTheApp = (place: string) => ['charterVersion', 'charterRatification'].includes(place.split('/')[0] ?? '');
  const alsoLost = [...new Set(refusal.places.filter((p) => !byTheApp(p)).map((p) => actionOf(p, view)))].filter(
    (a) => a !== action && !a.startsWith('Closing the decision'),
  );
  return { action, reason: refusal.reason, rule: refusal.rule, at, alsoLost, more: refusal.places.length >= MAX_PLACES };
}

/** The banner's words: what was refused and why, and what else went with it, for the person to make again. */
export function refusalSentence(refused: RefusedUpdate): string {
  const lower = (action: string) => action.charAt(0).toLowerCase() + action.slice(1);
  const also =
    refused.alsoLost.length > 0
      ? ` It came in one update with other changes from this device, which went with it: ${refused.alsoLost.map(lower).join('; ')}${refused.more ? '; and more' : ''}. Make them again if you still want them.`
      : '';
  return `${refused.action} was refused by the relay and did not count: ${refused.reason}${also} This device's copy is back to what the relay holds.`;
}
