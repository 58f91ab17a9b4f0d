/**
 * The alliance document, schema v1: every closed vocabulary and every record, declared once. A record's
 * declaration gives, field by field, its validator (how a value from outside is read), whether an input may
 * leave it out, and its default; its type is inferred from that declaration. The rules the document layer keeps
 * are in shared/METHOD.md; how the records sit in the Y.Doc is in ARCHITECTURE.md.
 */
import {
  boolean,
  color,
  listOf,
  millis,
  nullable,
  number,
  oneOf,
  optional,
  recordId,
  recordOf,
  relativePosition,
  required,
  text,
  type Field,
  type Infer,
} from './document/fields.ts';
export type { Field, FieldBounds } from './document/fields.ts';
import { DocumentError } from './document/documentError.ts';
import { MAX_VERSION_CHARS } from './document/charterVersion.ts';

export const SCHEMA_VERSION = 1;

/** The roots of an alliance document: maps of records and settings, append-only logs, and the charter text. */
export const MAP_ROOT_NAMES = [
  'meta',
  'partners',
  'interests',
  'alignment',
  'commitments',
  'governance',
  'decisions',
  'exitPlan',
  'charterThreads',
  'charterComments',
  'charterVersions',
  'charterRatifications',
] as const;
export const LOG_ROOT_NAMES = ['trust', 'checkins', 'reviews'] as const;
export const CHARTER_ROOT_NAME = 'charter';

export const ALLIANCE_MODES = ['full', 'light'] as const;
export type AllianceMode = (typeof ALLIANCE_MODES)[number];

export const ALLIANCE_KINDS = ['project', 'open-ended'] as const;
export type AllianceKind = (typeof ALLIANCE_KINDS)[number];

export const REVIEW_CADENCES = [3, 6, 12] as const;
export type ReviewCadence = (typeof REVIEW_CADENCES)[number];

export const PARTNER_STATUSES = ['active', 'exiting', 'exited'] as const;
export type PartnerStatus = (typeof PARTNER_STATUSES)[number];

export const INTEREST_KINDS = ['explicit', 'implicit', 'red-line'] as const;
export type InterestKind = (typeof INTEREST_KINDS)[number];

export const LAYERS = ['strategic', 'operational', 'relational'] as const;
export type Layer = (typeof LAYERS)[number];

export const ALIGNMENT_RELATIONS = ['supports', 'conflicts'] as const;
export type AlignmentRelation = (typeof ALIGNMENT_RELATIONS)[number];

/** Deposits add trust, withdrawals take it away; points are signed accordingly. */
export const TRUST_DEPOSIT_KINDS = [
  'information-shared-early',
  'commitment-delivered',
  'contribution-acknowledged',
  'transparency',
] as const;
export const TRUST_WITHDRAWAL_KINDS = ['deadline-missed', 'breach', 'information-withheld'] as const;
export const TRUST_KINDS = [...TRUST_DEPOSIT_KINDS, ...TRUST_WITHDRAWAL_KINDS] as const;
export type TrustDepositKind = (typeof TRUST_DEPOSIT_KINDS)[number];
export type TrustWithdrawalKind = (typeof TRUST_WITHDRAWAL_KINDS)[number];
export type TrustKind = (typeof TRUST_KINDS)[number];

export const COMMITMENT_STATUSES = ['open', 'delivered', 'missed', 'cancelled'] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];

export const CHECKIN_DIMENSIONS = ['openness', 'reliability', 'fairness', 'momentum'] as const;
export type CheckInDimension = (typeof CHECKIN_DIMENSIONS)[number];

export const DECISION_CATEGORIES = ['strategic', 'execution', 'critical'] as const;
export type DecisionCategory = (typeof DECISION_CATEGORIES)[number];

export const DECISION_RULES = ['consensus', 'majority', 'weighted-majority', 'lead-partner'] as const;
export type DecisionRule = (typeof DECISION_RULES)[number];

export const DECISION_LEVELS = ['operational', 'steering'] as const;
export type DecisionLevel = (typeof DECISION_LEVELS)[number];

export const DECISION_STATUSES = ['open', 'escalated', 'decided', 'withdrawn'] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

export const VOTE_CHOICES = ['yes', 'no', 'abstain', 'veto'] as const;
export type VoteChoice = (typeof VOTE_CHOICES)[number];

/** What the rules make of a decision's votes (see governance.ts). */
export const DECISION_OUTCOMES = ['pending', 'passed', 'rejected', 'vetoed', 'no-quorum', 'deadlocked'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

export type Id = string;
/** Epoch milliseconds. */
export type Millis = number;

/** Bounds on what one value may hold, so that a hostile peer cannot make a record unbounded. */
export const LIMITS = {
  name: 200,
  shortText: 2_000,
  longText: 20_000,
  partners: 50,
  fitEntries: 50,
  maxWeight: 1_000_000,
  maxPoints: 100,
  /** The passage a charter comment quotes, as it read when the thread was opened. */
  quote: 1_000,
  /** Comment threads on the charter, and comments in all (hostile input: the relay refuses more, AUTH-16). */
  charterThreads: 1_000,
  charterComments: 10_000,
  /** Comments in one thread (the app's writer refuses more). */
  threadComments: 200,
} as const;

/** Colours handed to partners in turn: distinct, and readable as text on white. */
export const PARTNER_COLORS = ['#1f6feb', '#c2410c', '#15803d', '#7c3aed', '#be185d', '#0e7490', '#a16207', '#4d7c0f'] as const;

const name = text(LIMITS.name, 1);
const by = text(LIMITS.name);
/** A check-in or review score. */
const score = number(1, 5, true);

export const META = {
  name: required(name, 'Untitled alliance'),
  purpose: optional(text(LIMITS.shortText), ''),
  mode: required(oneOf(ALLIANCE_MODES), 'full'),
  kind: optional(oneOf(ALLIANCE_KINDS), 'open-ended'),
  createdAt: required(millis, 0),
  expectedEndAt: optional(nullable(millis), null),
  /** A new alliance in light mode is reviewed every 3 months (DOC-2). */
  reviewCadenceMonths: optional(oneOf(REVIEW_CADENCES), 6),
  schemaVersion: required(number(1, 1_000_000, true), SCHEMA_VERSION),
};
export interface AllianceMeta extends Infer<typeof META> {}

export const PARTNER = {
  name: required(name, 'Unnamed partner'),
  votingWeight: optional(number(0, LIMITS.maxWeight), 1),
  minorityProtected: optional(boolean, false),
  /** A new partner takes the next of PARTNER_COLORS. */
  color: optional(color, PARTNER_COLORS[0]),
  status: required(oneOf(PARTNER_STATUSES), 'active'),
  joinedAt: required(millis, 0),
  exitNoticeAt: optional(nullable(millis), null),
  exitEffectiveAt: optional(nullable(millis), null),
};
export interface Partner extends Infer<typeof PARTNER> {
  id: Id;
}

export const INTEREST = {
  partnerId: required(recordId, ''),
  kind: required(oneOf(INTEREST_KINDS), 'explicit'),
  layer: required(oneOf(LAYERS), 'strategic'),
  text: required(text(LIMITS.shortText, 1), ''),
  /** 1 (low) to 3 (high). */
  priority: optional(number(1, 3, true), 2),
};
export interface Interest extends Infer<typeof INTEREST> {
  id: Id;
}

export const ALIGNMENT_LINK = {
  fromInterestId: required(recordId, ''),
  toInterestId: required(recordId, ''),
  relation: required(oneOf(ALIGNMENT_RELATIONS), 'supports'),
  note: optional(text(LIMITS.shortText), ''),
  /** How the partners settled a conflict; empty while unresolved. */
  resolution: optional(text(LIMITS.shortText), ''),
};
export interface AlignmentLink extends Infer<typeof ALIGNMENT_LINK> {
  id: Id;
}

/** An entry of the trust account, an append-only log: a malformed entry is skipped, so no fallbacks. */
export const TRUST_ENTRY = {
  id: required(recordId),
  at: required(millis),
  /** Display name of the person who recorded it. */
  by: required(by),
  /** The partner whose act this is (the depositor, or the one who withdrew). */
  partnerId: required(recordId),
  /** The partner it was toward, or null for the alliance as a whole. */
  toward: optional(nullable(recordId), null),
  kind: required(oneOf(TRUST_KINDS)),
  /** Signed: positive for deposits, negative for withdrawals. */
  points: required(number(-LIMITS.maxPoints, LIMITS.maxPoints)),
  note: optional(text(LIMITS.shortText), ''),
  /** Set when the entry was recorded by delivering or missing a commitment. */
  commitmentId: required(nullable(recordId)),
  /** The partner whose link recorded it (AUTH-7); null in entries written before links belonged to partners. */
  recordedBy: optional(nullable(recordId), null),
};
export interface TrustEntry extends Infer<typeof TRUST_ENTRY> {}

export const COMMITMENT = {
  partnerId: required(recordId, ''),
  text: required(text(LIMITS.shortText, 1), ''),
  createdAt: required(millis, 0),
  dueAt: required(millis, 0),
  status: required(oneOf(COMMITMENT_STATUSES), 'open'),
  resolvedAt: required(nullable(millis), null),
};
export interface Commitment extends Infer<typeof COMMITMENT> {
  id: Id;
}

export type CheckInScores = Record<CheckInDimension, number>;
/** One score from 1 to 5 per dimension. */
const scores: Field<CheckInScores> = (value, field) => {
  const given = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  return Object.fromEntries(CHECKIN_DIMENSIONS.map((d) => [d, score(given[d], `${field}.${d}`)])) as CheckInScores;
};

export const CHECK_IN = {
  id: required(recordId),
  at: required(millis),
  partnerId: required(recordId),
  by: required(by),
  scores: required(scores),
  note: optional(text(LIMITS.shortText), ''),
};
export interface CheckIn extends Infer<typeof CHECK_IN> {}

/** What a new alliance starts with per category (GOV-11). */
export const DEFAULT_RULES: Readonly<Record<DecisionCategory, DecisionRule>> = {
  strategic: 'consensus',
  execution: 'lead-partner',
  critical: 'weighted-majority',
};

/** The governance settings but the rules, which are kept one key per category (GOVDOC-1). Defaults: GOV-11. */
export const GOVERNANCE = {
  /** Share of active partners (0..1] that must vote for a decision to count. */
  quorum: optional(number(0.01, 1), 0.5),
  /** Partner who decides under the lead-partner rule. */
  leadPartnerId: optional(nullable(recordId), null),
  /** Days an operational decision may stay open before it escalates to the steering committee. */
  operationalTimeLimitDays: optional(number(1, 365, true), 14),
  /** Days the steering committee has to decide an escalated decision. */
  steeringTimeLimitDays: optional(number(1, 365, true), 30),
  /** Categories on which minority-protected partners may veto. */
  vetoCategories: optional(listOf(oneOf(DECISION_CATEGORIES), DECISION_CATEGORIES.length), ['critical']),
};
export interface Governance extends Infer<typeof GOVERNANCE> {
  rules: Record<DecisionCategory, DecisionRule>;
}

export const VOTE = {
  choice: required(oneOf(VOTE_CHOICES)),
  at: required(millis),
  by: required(by),
  /** The wording this vote answers (`wordingOf`, GOV-13); null in votes cast before votes carried it. */
  on: optional(nullable(text(64)), null),
};
export interface Vote extends Omit<Infer<typeof VOTE>, 'on'> {
  on?: string | null;
}

export const DECISION_COMMENT = {
  id: required(recordId),
  at: required(millis),
  by: required(by),
  partnerId: optional(nullable(recordId), null),
  text: required(text(LIMITS.shortText, 1)),
};
export interface DecisionComment extends Infer<typeof DECISION_COMMENT> {}

/** A content hash: SHA-256 as 64 lowercase hex digits (HIST-1). */
const sha256Hex: Field<string> = (value, field) => {
  if (typeof value !== 'string' || !/^[0-9a-f]{64}$/.test(value)) throw new DocumentError('invalid-field', `${field} must be a content hash`, field);
  return value;
};

/**
 * A change to the alliance's constitution that a decision carries: it takes effect only when the decision passes under
 * the rules in force (CHG-1). One change per decision, so what a vote approves is exactly what is written.
 */
export const CONSTITUTION_CHANGE_KINDS = [
  'rule',
  'quorum',
  'lead-partner',
  'operational-time-limit',
  'steering-time-limit',
  'veto-categories',
  'voting-weight',
  'minority-protection',
  'exit',
  'ratify-charter',
] as const;
export type ConstitutionChangeKind = (typeof CONSTITUTION_CHANGE_KINDS)[number];
export type ConstitutionChange =
  | { kind: 'rule'; category: DecisionCategory; rule: DecisionRule }
  | { kind: 'quorum'; quorum: number }
  | { kind: 'lead-partner'; partnerId: Id | null }
  | { kind: 'operational-time-limit'; days: number }
  | { kind: 'steering-time-limit'; days: number }
  | { kind: 'veto-categories'; categories: DecisionCategory[] }
  | { kind: 'voting-weight'; partnerId: Id; weight: number }
  | { kind: 'minority-protection'; partnerId: Id; protected: boolean }
  /** Another partner's exit, with the date it takes effect; notice is given when the decision is applied. */
  | { kind: 'exit'; partnerId: Id; effectiveAt: Millis }
  /** Ratifying a version of the charter: its id and the hash of its text, which is what the votes approve (RAT-1). */
  | { kind: 'ratify-charter'; versionId: Id; hash: string };

/**
 * The category of a decision that ratifies the charter (RAT-1): the charter is the alliance's strategic agreement, and
 * the governance settings have no category of their own for it, so its ratification is decided as strategic decisions are.
 */
export const RATIFICATION_CATEGORY: DecisionCategory = 'strategic';

/** Reads a constitution change from outside, bounded by the same validators as the settings it changes. */
export const constitutionChange: Field<ConstitutionChange> = (value, field) => {
  const given = (typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {}) as Record<string, unknown>;
  const kind = oneOf(CONSTITUTION_CHANGE_KINDS)(given['kind'], `${field}.kind`);
  const at = (key: string) => `${field}.${key}`;
  switch (kind) {
    case 'rule':
      return { kind, category: oneOf(DECISION_CATEGORIES)(given['category'], at('category')), rule: oneOf(DECISION_RULES)(given['rule'], at('rule')) };
    case 'quorum':
      return { kind, quorum: GOVERNANCE.quorum.read(given['quorum'], at('quorum')) };
    case 'lead-partner':
      return { kind, partnerId: GOVERNANCE.leadPartnerId.read(given['partnerId'], at('partnerId')) };
    case 'operational-time-limit':
      return { kind, days: GOVERNANCE.operationalTimeLimitDays.read(given['days'], at('days')) };
    case 'steering-time-limit':
      return { kind, days: GOVERNANCE.steeringTimeLimitDays.read(given['days'], at('days')) };
    case 'veto-categories':
      return { kind, categories: GOVERNANCE.vetoCategories.read(given['categories'], at('categories')) };
    case 'voting-weight':
      return { kind, partnerId: recordId(given['partnerId'], at('partnerId')), weight: PARTNER.votingWeight.read(given['weight'], at('weight')) };
    case 'minority-protection':
      return { kind, partnerId: recordId(given['partnerId'], at('partnerId')), protected: boolean(given['protected'], at('protected')) };
    case 'exit':
      return { kind, partnerId: recordId(given['partnerId'], at('partnerId')), effectiveAt: millis(given['effectiveAt'], at('effectiveAt')) };
    case 'ratify-charter':
      return { kind, versionId: recordId(given['versionId'], at('versionId')), hash: sha256Hex(given['hash'], at('hash')) };
  }
};

/** A decision's fields stored directly on its Y.Map; votes and comments are nested types. */
export const DECISION = {
  title: required(name, 'Untitled decision'),
  body: optional(text(LIMITS.longText), ''),
  category: required(oneOf(DECISION_CATEGORIES), 'execution'),
  level: optional(oneOf(DECISION_LEVELS), 'operational'),
  status: required(oneOf(DECISION_STATUSES), 'open'),
  openedAt: required(millis, 0),
  deadline: required(millis, 0),
  createdBy: required(by, ''),
  /** Recorded when the partners close the decision; the live result is `decisionOutcome`. */
  outcome: required(nullable(oneOf(DECISION_OUTCOMES)), null),
  escalatedAt: required(nullable(millis), null),
  escalationReason: required(text(LIMITS.shortText), ''),
  /** The partner whose link proposed it (AUTH-4); null for decisions opened before links belonged to partners. */
  proposerId: optional(nullable(recordId), null),
  /** The constitution change it carries, applied when it passes (CHG-1); null for an ordinary decision. */
  change: optional(nullable(constitutionChange), null),
  /** When its change was written into the settings (CHG-3); null until then. */
  appliedAt: optional(nullable(millis), null),
  /** When its proposer withdrew it (GOV-15); null while it is not withdrawn, or withdrawn before this was recorded. */
  withdrawnAt: optional(nullable(millis), null),
};
export interface DecisionFields extends Infer<typeof DECISION> {}
export interface Decision extends DecisionFields {
  id: Id;
  /** One key per partner, so concurrent votes merge. */
  votes: Record<Id, Vote>;
  comments: DecisionComment[];
}

export const REVIEW = {
  id: required(recordId),
  at: required(millis),
  by: required(by),
  /** Strategic fit per partner, 1 to 5. */
  fit: required(recordOf(score, LIMITS.fitEntries)),
  notes: optional(text(LIMITS.longText), ''),
  agreedChanges: optional(text(LIMITS.longText), ''),
};
export interface Review extends Infer<typeof REVIEW> {}

export const SHARED_ASSET = {
  name: required(name, 'Unnamed asset'),
  holder: optional(text(LIMITS.name), ''),
  split: optional(text(LIMITS.shortText), ''),
};
export interface SharedAsset extends Infer<typeof SHARED_ASSET> {
  id: Id;
}

/** The exit plan's own settings; its shared assets are records of their own. */
export const EXIT_PLAN = {
  noticePeriodDays: optional(number(0, 3650, true), 90),
  nonDisparagement: optional(boolean, true),
  forceMajeure: optional(text(LIMITS.longText), ''),
};
export interface ExitPlan extends Infer<typeof EXIT_PLAN> {
  assets: SharedAsset[];
}

/**
 * A comment thread on a passage of the charter (CMT-1): where the passage is, what it said, who opened the thread and
 * whether it is resolved. Its comments are records of their own (`CHARTER_COMMENT`), so that each author edits and
 * deletes only its own (AUTH-16). A thread is never removed: one whose comments were all deleted is not shown.
 */
export const CHARTER_THREAD = {
  from: required(relativePosition, 'AA=='),
  to: required(relativePosition, 'AA=='),
  quote: required(text(LIMITS.quote), ''),
  /** The partner whose link opened it; null for a facilitator. */
  partnerId: optional(nullable(recordId), null),
  openedAt: required(millis, 0),
  resolved: optional(boolean, false),
  /** Who resolved or reopened it last (a display name), and when. */
  resolvedBy: optional(by, ''),
  resolvedAt: optional(nullable(millis), null),
};
export interface CharterThread extends Infer<typeof CHARTER_THREAD> {
  id: Id;
}

export const CHARTER_COMMENT = {
  threadId: required(recordId, ''),
  /** Its author's partner; null for a facilitator. */
  partnerId: optional(nullable(recordId), null),
  /** The person's display name. */
  by: required(by, ''),
  text: required(text(LIMITS.shortText, 1), ''),
  at: required(millis, 0),
  editedAt: optional(nullable(millis), null),
};
export interface CharterComment extends Infer<typeof CHARTER_COMMENT> {
  id: Id;
}

/**
 * Why a version of the charter was taken: after a pause in editing, when a partner left, just before a restore
 * (so that the restore can be taken back), or by name. Every kind but `named` is automatic, pruned first (HIST-3).
 */
export const CHARTER_VERSION_KINDS = ['pause', 'partner-left', 'before-restore', 'named'] as const;
export type CharterVersionKind = (typeof CHARTER_VERSION_KINDS)[number];


/**
 * A version of the charter, one plain entry under its id in `charterVersions` (never changed once written, AUTH-17).
 * `content` is the canonical encoding of its blocks (charterVersion.ts), `hash` its SHA-256; a version whose content
 * does not decode or does not match its hash is not read (HIST-3).
 */
export const CHARTER_VERSION = {
  at: required(millis),
  kind: required(oneOf(CHARTER_VERSION_KINDS)),
  /** The name a partner gave it; empty for an automatic one. */
  name: required(text(LIMITS.name)),
  /** The partner whose link took it; null for a facilitator's. */
  partnerId: required(nullable(recordId)),
  by: required(by),
  hash: required(sha256Hex),
  content: required(text(MAX_VERSION_CHARS)),
};
export interface CharterVersionEntry extends Infer<typeof CHARTER_VERSION> {}
/** A version as the history lists it: everything but its text. */
export interface CharterVersionSummary extends Omit<CharterVersionEntry, 'content'> {
  id: Id;
  /** The length of its canonical encoding, which the history's bounds count (HIST-3). */
  size: number;
}

/** One partner's vote as a ratification counted it (RAT-3): the partner's name and weight as they stood then. */
export interface RatificationVote {
  partnerId: Id;
  name: string;
  choice: VoteChoice;
  weight: number;
}

const ratificationVote: Field<RatificationVote> = (value, field) => {
  const given = (typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {}) as Record<string, unknown>;
  return {
    partnerId: recordId(given['partnerId'], `${field}.partnerId`),
    name: name(given['name'], `${field}.name`),
    choice: oneOf(VOTE_CHOICES)(given['choice'], `${field}.choice`),
    weight: PARTNER.votingWeight.read(given['weight'], `${field}.weight`),
  };
};

/**
 * A ratification of the charter (RAT-2, RAT-3): one plain entry in `charterRatifications` under the id of the decision
 * that ratified it, written only by applying that decision when it passed and never changed (AUTH-18). It keeps its
 * own copy of the version's text (canonical encoding, HIST-1), so pruning the history never loses what was ratified.
 */
export const CHARTER_RATIFICATION = {
  /** Ratified v1, v2, ...: one more than the ratifications before it. */
  number: required(number(1, 1_000_000, true)),
  versionId: required(recordId),
  versionName: required(text(LIMITS.name)),
  versionAt: required(millis),
  hash: required(sha256Hex),
  content: required(text(MAX_VERSION_CHARS)),
  ratifiedAt: required(millis),
  /** The votes that counted when it passed, in partner order. */
  votes: required(listOf(ratificationVote, LIMITS.partners)),
};
export interface CharterRatificationEntry extends Infer<typeof CHARTER_RATIFICATION> {}
/** A ratification as the workspace lists it: everything but its text; `decisionId` is its key. */
export interface CharterRatificationSummary extends Omit<CharterRatificationEntry, 'content'> {
  decisionId: Id;
}

/** A plain, read-only picture of the whole document, for derived values and rendering. */
export interface AllianceSnapshot {
  meta: AllianceMeta;
  partners: Partner[];
  interests: Interest[];
  alignment: AlignmentLink[];
  /** The charter as plain text blocks (headings and paragraphs), for the audit. */
  charter: CharterBlock[];
  trust: TrustEntry[];
  commitments: Commitment[];
  checkins: CheckIn[];
  governance: Governance;
  decisions: Decision[];
  reviews: Review[];
  exitPlan: ExitPlan;
  /** Comment threads on the charter and their comments, in the order they were opened and written. */
  charterThreads: CharterThread[];
  charterComments: CharterComment[];
  /** The charter's versions, oldest first, without their text (HIST-3). */
  charterVersions: CharterVersionSummary[];
  /** The charter's ratifications, oldest first, without their text (RAT-2). */
  charterRatifications: CharterRatificationSummary[];
}

export interface CharterBlock {
  /** Index of the top-level block in the charter fragment. */
  index: number;
  type: 'heading' | 'paragraph' | 'other';
  /** Heading level (1-6) for headings, 0 otherwise. */
  level: number;
  text: string;
}
