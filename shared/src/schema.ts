/**
 * The alliance document, schema v1: every record type and closed vocabulary, declared once.
 * What each record means, and the rules the document layer keeps, are in shared/METHOD.md and ARCHITECTURE.md.
 */

export const SCHEMA_VERSION = 1;

/** Root names of the Y.Doc; the Yjs type of each is fixed by `allianceRoots` in document.ts. */
export const ROOTS = {
  meta: 'meta',
  partners: 'partners',
  interests: 'interests',
  alignment: 'alignment',
  charter: 'charter',
  trust: 'trust',
  commitments: 'commitments',
  checkins: 'checkins',
  governance: 'governance',
  decisions: 'decisions',
  reviews: 'reviews',
  exitPlan: 'exitPlan',
} as const;
export type RootName = keyof typeof ROOTS;

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

export interface AllianceMeta {
  name: string;
  purpose: string;
  mode: AllianceMode;
  kind: AllianceKind;
  createdAt: Millis;
  expectedEndAt: Millis | null;
  reviewCadenceMonths: ReviewCadence;
  schemaVersion: number;
}

export interface Partner {
  id: Id;
  name: string;
  votingWeight: number;
  minorityProtected: boolean;
  color: string;
  status: PartnerStatus;
  joinedAt: Millis;
  exitNoticeAt: Millis | null;
  exitEffectiveAt: Millis | null;
}

export interface Interest {
  id: Id;
  partnerId: Id;
  kind: InterestKind;
  layer: Layer;
  text: string;
  /** 1 (low) to 3 (high). */
  priority: number;
}

export interface AlignmentLink {
  id: Id;
  fromInterestId: Id;
  toInterestId: Id;
  relation: AlignmentRelation;
  note: string;
  /** How the partners settled a conflict; empty while unresolved. */
  resolution: string;
}

export interface TrustEntry {
  id: Id;
  at: Millis;
  /** Display name of the person who recorded it. */
  by: string;
  /** The partner whose act this is (the depositor, or the one who withdrew). */
  partnerId: Id;
  /** The partner it was toward, or null for the alliance as a whole. */
  toward: Id | null;
  kind: TrustKind;
  /** Signed: positive for deposits, negative for withdrawals. */
  points: number;
  note: string;
  /** Set when the entry was recorded by delivering or missing a commitment. */
  commitmentId: Id | null;
}

export interface Commitment {
  id: Id;
  partnerId: Id;
  text: string;
  createdAt: Millis;
  dueAt: Millis;
  status: CommitmentStatus;
  resolvedAt: Millis | null;
}

export type CheckInScores = Record<CheckInDimension, number>;

export interface CheckIn {
  id: Id;
  at: Millis;
  partnerId: Id;
  by: string;
  /** Each 1 to 5. */
  scores: CheckInScores;
  note: string;
}

export interface Governance {
  rules: Record<DecisionCategory, DecisionRule>;
  /** Share of active partners (0..1] that must vote for a decision to count. */
  quorum: number;
  /** Partner who decides under the lead-partner rule. */
  leadPartnerId: Id | null;
  /** Days an operational decision may stay open before it escalates to the steering committee. */
  operationalTimeLimitDays: number;
  /** Days the steering committee has to decide an escalated decision. */
  steeringTimeLimitDays: number;
  /** Categories on which minority-protected partners may veto. */
  vetoCategories: DecisionCategory[];
}

export interface Vote {
  choice: VoteChoice;
  at: Millis;
  by: string;
}

export interface DecisionComment {
  id: Id;
  at: Millis;
  by: string;
  partnerId: Id | null;
  text: string;
}

export interface Decision {
  id: Id;
  title: string;
  body: string;
  category: DecisionCategory;
  level: DecisionLevel;
  status: DecisionStatus;
  openedAt: Millis;
  deadline: Millis;
  createdBy: string;
  /** One key per partner, so concurrent votes merge. */
  votes: Record<Id, Vote>;
  /** Recorded when the partners close the decision; the live result is `decisionOutcome`. */
  outcome: DecisionOutcome | null;
  escalatedAt: Millis | null;
  escalationReason: string;
  comments: DecisionComment[];
}

export interface Review {
  id: Id;
  at: Millis;
  by: string;
  /** Strategic fit per partner, 1 to 5. */
  fit: Record<Id, number>;
  notes: string;
  agreedChanges: string;
}

export interface SharedAsset {
  id: Id;
  name: string;
  holder: string;
  split: string;
}

export interface ExitPlan {
  noticePeriodDays: number;
  nonDisparagement: boolean;
  forceMajeure: string;
  assets: SharedAsset[];
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
}

export interface CharterBlock {
  /** Index of the top-level block in the charter fragment. */
  index: number;
  type: 'heading' | 'paragraph' | 'other';
  /** Heading level (1-6) for headings, 0 otherwise. */
  level: number;
  text: string;
}
