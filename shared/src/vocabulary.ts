/**
 * How every closed vocabulary reads to people, declared once and used by the audit, the export and the app.
 * Each map is typed by its vocabulary, so the compiler refuses a map that misses (or invents) a value.
 */
import type { HealthLevel } from './method/health.ts';
import type { Role } from './protocol.ts';
import type {
  CheckInDimension,
  DecisionCategory,
  DecisionOutcome,
  DecisionRule,
  InterestKind,
  Layer,
  PARTNER_COLORS,
  ReviewCadence,
  TrustKind,
  VoteChoice,
} from './schema.ts';

type Labels<T extends string | number> = Readonly<Record<T, string>>;

export const RULE_LABELS: Labels<DecisionRule> = {
  consensus: 'Consensus',
  majority: 'Majority',
  'weighted-majority': 'Weighted majority',
  'lead-partner': 'Lead partner decides',
};
/** A rule inside a sentence ("decided by weighted majority"); also what a charter should say (AUDIT-6). */
export const RULE_WORDS: Labels<DecisionRule> = {
  consensus: 'consensus',
  majority: 'majority',
  'weighted-majority': 'weighted majority',
  'lead-partner': 'lead partner',
};
/** A rule spelled out, for a document others sign. */
export const RULE_DESCRIPTIONS: Labels<DecisionRule> = {
  consensus: 'Consensus of all partners',
  majority: 'Majority of partners',
  'weighted-majority': 'Weighted majority of voting rights',
  'lead-partner': 'The lead partner decides',
};

export const CATEGORY_LABELS: Labels<DecisionCategory> = { strategic: 'Strategic', execution: 'Execution', critical: 'Critical' };
export const CATEGORY_HELP: Labels<DecisionCategory> = {
  strategic: 'Why we are together: goals, new markets, new partners.',
  execution: 'How we work day to day.',
  critical: 'What a partner cannot afford to lose.',
};

export const OUTCOME_LABELS: Labels<DecisionOutcome> = {
  pending: 'Pending',
  passed: 'Passed',
  rejected: 'Rejected',
  vetoed: 'Vetoed',
  'no-quorum': 'No quorum',
  deadlocked: 'Deadlocked',
};

export const CHOICE_LABELS: Labels<VoteChoice> = { yes: 'Yes', no: 'No', abstain: 'Abstain', veto: 'Veto' };

export const INTEREST_KIND_LABELS: Labels<InterestKind> = { explicit: 'Explicit', implicit: 'Implicit', 'red-line': 'Red line' };
/** A heading over a partner's interests of one kind. */
export const INTEREST_KIND_HEADINGS: Labels<InterestKind> = {
  explicit: 'Explicit interests',
  implicit: 'Implicit interests',
  'red-line': 'Red lines',
};
export const INTEREST_KIND_HELP: Labels<InterestKind> = {
  explicit: 'a stated goal',
  implicit: 'unspoken: autonomy, brand, risks to avoid',
  'red-line': 'what it cannot afford to lose',
};

export const LAYER_LABELS: Labels<Layer> = { strategic: 'Strategic', operational: 'Operational', relational: 'Relational' };
/** What each layer of the interest map is about. */
export const LAYER_MEANINGS: Labels<Layer> = {
  strategic: 'why we are together',
  operational: 'how we work',
  relational: 'how we build trust',
};

export const TRUST_KIND_LABELS: Labels<TrustKind> = {
  'information-shared-early': 'Shared information early',
  'commitment-delivered': 'Delivered a commitment',
  'contribution-acknowledged': 'Acknowledged a contribution',
  transparency: 'Was transparent',
  'deadline-missed': 'Missed a deadline',
  breach: 'Breached an agreement',
  'information-withheld': 'Withheld information',
};

export const DIMENSION_LABELS: Labels<CheckInDimension> = {
  openness: 'Openness',
  reliability: 'Reliability',
  fairness: 'Fairness',
  momentum: 'Momentum',
};
/** The question a check-in asks about each dimension. */
export const DIMENSION_QUESTIONS: Labels<CheckInDimension> = {
  openness: 'Do the partners share information early and honestly?',
  reliability: 'Do the partners do what they said they would?',
  fairness: 'Are costs, credit and benefits shared fairly?',
  momentum: 'Is the alliance moving towards its purpose?',
};

export const CADENCE_LABELS: Labels<ReviewCadence> = {
  3: 'Every 3 months, for fast markets',
  6: 'Every 6 months',
  12: 'Every 12 months',
};

export const HEALTH_LABELS: Labels<HealthLevel> = {
  healthy: 'Healthy',
  watch: 'Needs attention',
  'at-risk': 'At risk',
  'not-enough-data': 'Not enough data yet',
};

/** The partner colours by name: a colour picker says the name, not only the swatch. */
export const PARTNER_COLOR_LABELS: Labels<(typeof PARTNER_COLORS)[number]> = {
  '#1f6feb': 'Blue',
  '#c2410c': 'Orange',
  '#15803d': 'Green',
  '#7c3aed': 'Violet',
  '#be185d': 'Pink',
  '#0e7490': 'Teal',
  '#a16207': 'Ochre',
  '#4d7c0f': 'Olive',
};

export const ROLE_LABELS: Labels<Role> = { owner: 'Owner', edit: 'Can edit', view: 'View only' };

/** The sections of an alliance's workspace, in the order the app lists them; the activity log files changes under them. */
export const SECTIONS = [
  'overview',
  'charter',
  'interests',
  'trust',
  'governance',
  'decisions',
  'commitments',
  'checkins',
  'realignment',
  'exit',
  'export',
  'sharing',
  'activity',
] as const;
export type Section = (typeof SECTIONS)[number];
export const isSection = (value: unknown): value is Section => typeof value === 'string' && (SECTIONS as readonly string[]).includes(value);

export const SECTION_TITLES: Labels<Section> = {
  overview: 'Overview',
  charter: 'Charter',
  interests: 'Interest map',
  trust: 'Trust account',
  governance: 'Governance',
  decisions: 'Decisions',
  commitments: 'Commitments',
  checkins: 'Check-ins',
  realignment: 'Realignment',
  exit: 'Exit plan',
  export: 'Export',
  sharing: 'Sharing',
  activity: 'Activity',
};

