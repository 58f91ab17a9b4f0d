import {
  ALIGNMENT_RELATIONS,
  ALLIANCE_KINDS,
  ALLIANCE_MODES,
  COMMITMENT_STATUSES,
  DECISION_CATEGORIES,
  DECISION_LEVELS,
  DECISION_OUTCOMES,
  DECISION_RULES,
  DECISION_STATUSES,
  INTEREST_KINDS,
  LAYERS,
  PARTNER_STATUSES,
  REVIEW_CADENCES,
  TRUST_KINDS,
  VOTE_CHOICES,
  type AlignmentLink,
  type AllianceMeta,
  type CheckIn,
  type CheckInScores,
  type Commitment,
  type Decision,
  type DecisionComment,
  type Interest,
  type Partner,
  type Review,
  type SharedAsset,
  type TrustEntry,
  type Vote,
} from '../schema.ts';
import {
  boolean,
  color,
  millis,
  nullable,
  number,
  oneOf,
  recordId,
  recordOf,
  text,
  type Field,
  type Spec,
} from './fields.ts';

/** What a record spec covers: every field but the id, which is the record's key. */
export type Fields<T> = Omit<T, 'id'>;

export const LIMITS = {
  name: 200,
  shortText: 2_000,
  longText: 20_000,
  partners: 50,
  fitEntries: 50,
  maxWeight: 1_000_000,
  maxPoints: 100,
} as const;

export const metaSpec: Spec<AllianceMeta> = {
  name: text(LIMITS.name, 1),
  purpose: text(LIMITS.shortText),
  mode: oneOf(ALLIANCE_MODES),
  kind: oneOf(ALLIANCE_KINDS),
  createdAt: millis,
  expectedEndAt: nullable(millis),
  reviewCadenceMonths: oneOf(REVIEW_CADENCES),
  schemaVersion: number(1, 1_000_000, true),
};

export const partnerSpec: Spec<Fields<Partner>> = {
  name: text(LIMITS.name, 1),
  votingWeight: number(0, LIMITS.maxWeight),
  minorityProtected: boolean,
  color: color,
  status: oneOf(PARTNER_STATUSES),
  joinedAt: millis,
  exitNoticeAt: nullable(millis),
  exitEffectiveAt: nullable(millis),
};

export const interestSpec: Spec<Fields<Interest>> = {
  partnerId: recordId,
  kind: oneOf(INTEREST_KINDS),
  layer: oneOf(LAYERS),
  text: text(LIMITS.shortText, 1),
  priority: number(1, 3, true),
};

export const alignmentSpec: Spec<Fields<AlignmentLink>> = {
  fromInterestId: recordId,
  toInterestId: recordId,
  relation: oneOf(ALIGNMENT_RELATIONS),
  note: text(LIMITS.shortText),
  resolution: text(LIMITS.shortText),
};

export const trustSpec: Spec<TrustEntry> = {
  id: recordId,
  at: millis,
  by: text(LIMITS.name),
  partnerId: recordId,
  toward: nullable(recordId),
  kind: oneOf(TRUST_KINDS),
  points: number(-LIMITS.maxPoints, LIMITS.maxPoints),
  note: text(LIMITS.shortText),
  commitmentId: nullable(recordId),
};

export const commitmentSpec: Spec<Fields<Commitment>> = {
  partnerId: recordId,
  text: text(LIMITS.shortText, 1),
  createdAt: millis,
  dueAt: millis,
  status: oneOf(COMMITMENT_STATUSES),
  resolvedAt: nullable(millis),
};

const score = number(1, 5, true);
export const scoresField: Field<CheckInScores> = (value, field) => {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  return {
    openness: score(v['openness'], `${field}.openness`),
    reliability: score(v['reliability'], `${field}.reliability`),
    fairness: score(v['fairness'], `${field}.fairness`),
    momentum: score(v['momentum'], `${field}.momentum`),
  };
};

export const checkInSpec: Spec<CheckIn> = {
  id: recordId,
  at: millis,
  partnerId: recordId,
  by: text(LIMITS.name),
  scores: scoresField,
  note: text(LIMITS.shortText),
};

/** Decision fields stored directly on its Y.Map; votes and comments are nested types. */
export type DecisionFields = Omit<Decision, 'id' | 'votes' | 'comments'>;
export const decisionSpec: Spec<DecisionFields> = {
  title: text(LIMITS.name, 1),
  body: text(LIMITS.longText),
  category: oneOf(DECISION_CATEGORIES),
  level: oneOf(DECISION_LEVELS),
  status: oneOf(DECISION_STATUSES),
  openedAt: millis,
  deadline: millis,
  createdBy: text(LIMITS.name),
  outcome: nullable(oneOf(DECISION_OUTCOMES)),
  escalatedAt: nullable(millis),
  escalationReason: text(LIMITS.shortText),
};

export const voteSpec: Spec<Vote> = {
  choice: oneOf(VOTE_CHOICES),
  at: millis,
  by: text(LIMITS.name),
};

export const commentSpec: Spec<DecisionComment> = {
  id: recordId,
  at: millis,
  by: text(LIMITS.name),
  partnerId: nullable(recordId),
  text: text(LIMITS.shortText, 1),
};

export const reviewSpec: Spec<Review> = {
  id: recordId,
  at: millis,
  by: text(LIMITS.name),
  fit: recordOf(score, LIMITS.fitEntries),
  notes: text(LIMITS.longText),
  agreedChanges: text(LIMITS.longText),
};

export const assetSpec: Spec<Fields<SharedAsset>> = {
  name: text(LIMITS.name, 1),
  holder: text(LIMITS.name),
  split: text(LIMITS.shortText),
};

export const ruleField = oneOf(DECISION_RULES);
export const categoryField = oneOf(DECISION_CATEGORIES);
