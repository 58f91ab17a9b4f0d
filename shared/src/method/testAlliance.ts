/**
 * Plain-object alliance snapshots for the method's tests: readable defaults, named ids, no Yjs.
 * Every builder takes a partial record and fills the rest.
 */
import type {
  AlignmentLink,
  AllianceMeta,
  AllianceSnapshot,
  CharterBlock,
  CheckIn,
  CheckInScores,
  Commitment,
  Decision,
  Governance,
  Interest,
  Partner,
  Review,
  TrustEntry,
  Vote,
  VoteChoice,
} from '../schema.ts';
import { DAY_MS } from './calendar.ts';
import { defaultGovernance } from './governance.ts';

/** 2025-01-01T00:00:00Z: the day every test alliance is created. */
export const T0 = Date.UTC(2025, 0, 1);

export function days(n: number): number {
  return n * DAY_MS;
}

export function partner(id: string, over: Partial<Partner> = {}): Partner {
  return {
    id,
    name: id.toUpperCase(),
    votingWeight: 1,
    minorityProtected: false,
    color: '#888888',
    status: 'active',
    joinedAt: T0,
    exitNoticeAt: null,
    exitEffectiveAt: null,
    ...over,
  };
}

export function interest(id: string, partnerId: string, over: Partial<Interest> = {}): Interest {
  return { id, partnerId, kind: 'explicit', layer: 'strategic', text: `interest ${id}`, priority: 2, ...over };
}

export function link(
  id: string,
  fromInterestId: string,
  toInterestId: string,
  relation: AlignmentLink['relation'],
  over: Partial<AlignmentLink> = {},
): AlignmentLink {
  return { id, fromInterestId, toInterestId, relation, note: '', resolution: '', ...over };
}

export function trustEntry(id: string, partnerId: string, over: Partial<TrustEntry> = {}): TrustEntry {
  return {
    id,
    at: T0,
    by: 'tester',
    partnerId,
    toward: null,
    kind: 'contribution-acknowledged',
    points: 1,
    note: '',
    commitmentId: null,
    recordedBy: null,
    ...over,
  };
}

export function commitment(id: string, partnerId: string, over: Partial<Commitment> = {}): Commitment {
  return {
    id,
    partnerId,
    text: `commitment ${id}`,
    createdAt: T0,
    dueAt: T0 + days(30),
    status: 'open',
    resolvedAt: null,
    ...over,
  };
}

export function scores(all: number, over: Partial<CheckInScores> = {}): CheckInScores {
  return { openness: all, reliability: all, fairness: all, momentum: all, ...over };
}

export function checkin(id: string, partnerId: string, over: Partial<CheckIn> = {}): CheckIn {
  return { id, at: T0, partnerId, by: 'tester', scores: scores(3), note: '', ...over };
}

export function vote(choice: VoteChoice, at: number = T0): Vote {
  return { choice, at, by: 'tester' };
}

export function decision(id: string, over: Partial<Decision> = {}): Decision {
  return {
    id,
    title: `decision ${id}`,
    body: '',
    category: 'execution',
    level: 'operational',
    status: 'open',
    openedAt: T0,
    deadline: T0 + days(7),
    createdBy: 'tester',
    votes: {},
    outcome: null,
    escalatedAt: null,
    escalationReason: '',
    proposerId: null,
    change: null,
    appliedAt: null,
    withdrawnAt: null,
    comments: [],
    ...over,
  };
}

export function review(id: string, at: number, over: Partial<Review> = {}): Review {
  return { id, at, by: 'tester', fit: {}, notes: '', agreedChanges: '', ...over };
}

export function heading(index: number, text: string, level = 2): CharterBlock {
  return { index, type: 'heading', level, text };
}

export function paragraph(index: number, text: string): CharterBlock {
  return { index, type: 'paragraph', level: 0, text };
}

/** Blocks from a list of texts: lines starting with '#' are headings, the rest paragraphs. */
export function charter(...lines: string[]): CharterBlock[] {
  return lines.map((line, i) => (line.startsWith('#') ? heading(i, line.replace(/^#+\s*/, '')) : paragraph(i, line)));
}

export function meta(over: Partial<AllianceMeta> = {}): AllianceMeta {
  return {
    name: 'Test alliance',
    purpose: '',
    mode: 'full',
    kind: 'open-ended',
    createdAt: T0,
    expectedEndAt: null,
    reviewCadenceMonths: 6,
    schemaVersion: 1,
    ...over,
  };
}

export function governance(over: Partial<Governance> = {}): Governance {
  return { ...defaultGovernance(), ...over };
}

/** An alliance with nothing in it but the given parts. */
export function testAlliance(over: Partial<AllianceSnapshot> = {}): AllianceSnapshot {
  return {
    meta: meta(),
    partners: [],
    interests: [],
    alignment: [],
    charter: [],
    charterRatifications: [],
    trust: [],
    commitments: [],
    checkins: [],
    governance: defaultGovernance(),
    decisions: [],
    reviews: [],
    charterThreads: [],
    charterComments: [],
    exitPlan: { noticePeriodDays: 90, nonDisparagement: false, forceMajeure: '', assets: [] },
    charterVersions: [],
    ...over,
  };
}
