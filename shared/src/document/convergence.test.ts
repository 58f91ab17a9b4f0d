/**
 * Seeded randomized convergence tests for the alliance document: 3 to 5 peers, each an AllianceDocument
 * over its own Y.Doc, make random domain edits while their updates cross a simulated network that
 * reorders, drops, duplicates and disconnects. After a full sync every peer must hold the same document
 * and derive the same values from it.
 *
 * `npm test` runs a fast fixed set of seeds; `npm run test:extensive` (TRELLIS_EXTENSIVE=1) runs many more,
 * longer ones from a fresh base seed. A failure names its seed; rerun just it with
 * `TRELLIS_SEED=<seed> npx vitest run --project shared src/document/convergence.test.ts`.
 * A seed that once failed stays below as a named regression test.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  ALIGNMENT_RELATIONS,
  ALLIANCE_MODES,
  DECISION_CATEGORIES,
  DECISION_LEVELS,
  DECISION_OUTCOMES,
  DECISION_RULES,
  INTEREST_KINDS,
  LAYERS,
  REVIEW_CADENCES,
  TRUST_DEPOSIT_KINDS,
  TRUST_KINDS,
  VOTE_CHOICES,
  type AllianceSnapshot,
} from '../schema.ts';
import { alignmentGaps } from '../method/alignmentGaps.ts';
import { charterAudit, governanceConsistency } from '../method/charterAudit.ts';
import { checkinAverages, checkinGaps, latestCheckins } from '../method/checkins.ts';
import { deliveryByPartner, overdueCommitments } from '../method/commitments.ts';
import { decisionOutcome, escalation } from '../method/governance.ts';
import { allianceHealth } from '../method/health.ts';
import { reviewStatus } from '../method/realignment.ts';
import { allianceTrustBalance, freeRiders, trustBalances, trustTotalsByKind, trustTrend } from '../method/trust.ts';
import { powerWarnings } from '../method/votingPower.ts';
import { Prng, seededRandomBytes } from '../testing/prng.ts';
import { SimulatedNetwork, type NetworkStats } from '../testing/simulatedNetwork.ts';
import { AllianceDocument } from './alliance.ts';
import { DocumentError } from './documentError.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** The day every simulated alliance is founded. */
const T0 = Date.UTC(2026, 0, 5);

const EXTENSIVE = Boolean(process.env['TRELLIS_EXTENSIVE']);
const ONLY_SEED = process.env['TRELLIS_SEED'];
const SEED_COUNT = Number(process.env['TRELLIS_SEEDS'] ?? (EXTENSIVE ? 250 : 30));
const OPS_PER_SEED = Number(process.env['TRELLIS_OPS'] ?? (EXTENSIVE ? 600 : 150));
/** Fixed in the fast run (the same seeds on every machine); fresh each extensive run, so it explores. */
const BASE_SEED = Number(process.env['TRELLIS_SEED_BASE'] ?? (EXTENSIVE ? Math.floor(Math.random() * 2 ** 31) : 1));

/** Generous: a seed takes well under a second, but the machine may be busy with other suites. */
const TIMEOUT_MS = EXTENSIVE ? 120_000 : 30_000;

const rerunHint = (seed: number, ops = 150) =>
  `seed ${seed}: rerun just it with TRELLIS_SEED=${seed}${ops === 150 ? '' : ` TRELLIS_OPS=${ops}`} npx vitest run --project shared src/document/convergence.test.ts`;

// ---------------------------------------------------------------- the simulation

interface Peer {
  index: number;
  alliance: AllianceDocument;
  prng: Prng;
  /** The person editing on this device (log entries record who). */
  person: string;
}

interface RunResult {
  snapshots: AllianceSnapshot[];
  stateVectors: number[][];
  /** The charter as XML, formatting included (the snapshot keeps plain text only). */
  charterXml: string[];
  /** The same items and deletions (Yjs snapshots) and nothing pending on every peer. */
  converged: boolean;
  stats: NetworkStats;
  /** How often each operation ran, and how often each was refused (by operation and error code). */
  ran: Record<string, number>;
  refused: Record<string, number>;
}

interface RunOptions {
  ops: number;
  /** Forces the number of peers (3 to 5 otherwise, by the seed). */
  peers?: number;
}

/** A clock shared by all peers: concurrent edits often carry the very same time, as on real devices. */
class FakeClock {
  t = T0;
  readonly now = (): number => this.t;
}

function runConvergence(seed: number, options: RunOptions): RunResult {
  const prng = new Prng(seed);
  const peerCount = options.peers ?? prng.int(3, 5);
  const network = new SimulatedNetwork({ peers: peerCount, prng: prng.fork(), dropRate: 0.05, duplicateRate: 0.05 });
  const clock = new FakeClock();
  const peers: Peer[] = network.peers.map((p) => {
    const own = prng.fork();
    return {
      index: p.index,
      prng: own,
      person: `Person ${p.index}`,
      alliance: new AllianceDocument(p.doc, { now: clock.now, random: seededRandomBytes(own.fork()) }),
    };
  });
  // The founder creates the alliance; the others join once it has arrived.
  AllianceDocument.create(
    network.peers[0]!.doc,
    {
      name: 'Fuzzed alliance',
      mode: prng.pick(ALLIANCE_MODES),
      partners: [
        { name: 'Alpha', votingWeight: 40 },
        { name: 'Beta', votingWeight: 35 },
        { name: 'Gamma', votingWeight: 25, minorityProtected: true },
      ],
      withCharterTemplate: true,
    },
    { now: clock.now, random: seededRandomBytes(peers[0]!.prng.fork()) },
  );
  network.syncAll();

  const trace: string[] = [];
  const ran: Record<string, number> = {};
  const refused: Record<string, number> = {};
  try {
    for (let i = 0; i < options.ops; i++) {
      // Often no time passes between two edits: equal timestamps must not break ordering.
      clock.t += prng.bool(0.3) ? 0 : prng.int(1, 12 * HOUR);
      const peer = prng.pick(peers);
      const op = peer.prng.weighted(OPERATIONS);
      trace.push(`#${i} peer ${peer.index}: ${op.name}`);
      ran[op.name] = (ran[op.name] ?? 0) + 1;
      try {
        op.run(peer, peers);
      } catch (error) {
        // Refusals are the document doing its job (a record removed by a peer, a resolved commitment, a bad
        // veto); anything else is a bug.
        if (!(error instanceof DocumentError)) throw error;
        refused[`${op.name}:${error.code}`] = (refused[`${op.name}:${error.code}`] ?? 0) + 1;
      }
      for (let s = prng.int(0, 2); s > 0; s--) trace.push(`   network ${network.step()}`);
    }
    network.syncAll();
    return {
      snapshots: peers.map((p) => p.alliance.snapshot()),
      stateVectors: network.docs.map((doc) => Array.from(Y.encodeStateVector(doc))),
      charterXml: peers.map((p) => p.alliance.charter().toString()),
      converged: network.converged(),
      stats: { ...network.stats },
      ran,
      refused,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${rerunHint(seed, options.ops)}\n${message}\nlast steps:\n${trace.slice(-25).join('\n')}`, { cause: error });
  } finally {
    network.destroy();
  }
}

// ---------------------------------------------------------------- random domain operations

interface Operation {
  name: string;
  run: (peer: Peer, peers: readonly Peer[]) => void;
}

const names = ['Delta', 'Epsilon', 'Zeta', 'Eta', 'Theta', 'Alpha'];
const sentence = (prng: Prng) => `${prng.pick(['Share', 'Deliver', 'Review', 'Fund', 'Pilot', 'Audit'])} ${prng.word()} ${prng.word()}`;

function partnerIds(alliance: AllianceDocument): string[] {
  return alliance.partners.list().map((p) => p.id);
}

function someSubset<T>(prng: Prng, items: readonly T[]): T[] {
  return items.filter(() => prng.bool());
}

function op(name: string, weight: number, run: Operation['run']): readonly [number, Operation] {
  return [weight, { name, run }];
}

const OPERATIONS: readonly (readonly [number, Operation])[] = [
  // meta
  op('updateMeta', 2, ({ alliance, prng }) =>
    alliance.updateMeta(
      prng.weighted([
        [2, { name: `Alliance ${prng.word()}` }],
        [1, { purpose: sentence(prng) }],
        [1, { mode: prng.pick(ALLIANCE_MODES) }],
        [1, { reviewCadenceMonths: prng.pick(REVIEW_CADENCES) }],
      ]),
    ),
  ),
  // partners
  op('addPartner', 3, ({ alliance, prng }) => {
    alliance.addPartner({
      name: prng.pick(names),
      votingWeight: prng.bool(0.9) ? prng.int(0, 60) : prng.int(1, 200) / 8,
      minorityProtected: prng.bool(0.3),
    });
  }),
  op('updatePartner', 3, ({ alliance, prng }) => {
    const id = prng.maybePick(partnerIds(alliance));
    if (!id) return;
    alliance.updatePartner(
      id,
      prng.weighted([
        [1, { name: prng.pick(names) }],
        [2, { votingWeight: prng.int(0, 60) }],
        [2, { minorityProtected: prng.bool() }],
        [1, { color: prng.pick(['#1f6feb', '#c2410c', '#15803d']) }],
      ]),
    );
  }),
  op('removePartner', 1, ({ alliance, prng }) => {
    const ids = partnerIds(alliance);
    // Keep a few partners around so that the other operations have something to work on.
    if (ids.length > 3) alliance.removePartner(prng.pick(ids));
  }),
  op('startExit', 1, ({ alliance, prng }) => {
    const id = prng.maybePick(partnerIds(alliance));
    if (id) alliance.startExit(id, { effectiveAt: T0 + prng.int(0, 300) * DAY });
  }),
  op('completeDueExits', 1, ({ alliance }) => {
    alliance.completeDueExits();
  }),
  // interest map
  op('addInterest', 6, ({ alliance, prng }) => {
    const partnerId = prng.maybePick(partnerIds(alliance));
    if (!partnerId) return;
    alliance.addInterest({
      partnerId,
      kind: prng.pick(INTEREST_KINDS),
      layer: prng.pick(LAYERS),
      text: sentence(prng),
      priority: prng.int(1, 3),
    });
  }),
  op('updateInterest', 3, ({ alliance, prng }) => {
    const interest = prng.maybePick(alliance.interests.list());
    if (!interest) return;
    alliance.updateInterest(
      interest.id,
      prng.weighted([
        [1, { kind: prng.pick(INTEREST_KINDS) }],
        [1, { layer: prng.pick(LAYERS) }],
        [2, { text: sentence(prng) }],
        [1, { priority: prng.int(1, 3) }],
      ]),
    );
  }),
  op('removeInterest', 1, ({ alliance, prng }) => {
    const interest = prng.maybePick(alliance.interests.list());
    if (interest) alliance.removeInterest(interest.id);
  }),
  op('linkInterests', 4, ({ alliance, prng }) => {
    const interests = alliance.interests.list();
    if (interests.length < 2) return;
    const from = prng.pick(interests);
    const to = prng.pick(interests.filter((i) => i.id !== from.id));
    alliance.linkInterests({ fromInterestId: from.id, toInterestId: to.id, relation: prng.pick(ALIGNMENT_RELATIONS), note: sentence(prng) });
  }),
  op('updateLink', 2, ({ alliance, prng }) => {
    const link = prng.maybePick(alliance.alignment.list());
    if (!link) return;
    alliance.updateLink(
      link.id,
      prng.weighted([
        [1, { relation: prng.pick(ALIGNMENT_RELATIONS) }],
        [1, { note: sentence(prng) }],
        [2, { resolution: prng.bool(0.8) ? `Settled: ${sentence(prng)}` : '' }],
      ]),
    );
  }),
  op('removeLink', 1, ({ alliance, prng }) => {
    const link = prng.maybePick(alliance.alignment.list());
    if (link) alliance.removeLink(link.id);
  }),
  // trust account
  op('recordTrust', 5, ({ alliance, prng, person }) => {
    const ids = partnerIds(alliance);
    const partnerId = prng.maybePick(ids);
    if (!partnerId) return;
    const kind = prng.pick(TRUST_KINDS);
    const deposit = (TRUST_DEPOSIT_KINDS as readonly string[]).includes(kind);
    alliance.recordTrust({
      by: person,
      partnerId,
      toward: prng.bool() ? (prng.maybePick(ids.filter((id) => id !== partnerId)) ?? null) : null,
      kind,
      // Mostly the default points; sometimes explicit, occasionally with the wrong sign (refused).
      ...(prng.bool(0.3) ? { points: (deposit === prng.bool(0.9) ? 1 : -1) * prng.int(1, 10) } : {}),
      note: sentence(prng),
    });
  }),
  // commitments
  op('addCommitment', 4, ({ alliance, prng }) => {
    const partnerId = prng.maybePick(partnerIds(alliance));
    if (partnerId) alliance.addCommitment({ partnerId, text: sentence(prng), dueAt: T0 + prng.int(0, 200) * DAY });
  }),
  op('updateCommitment', 1, ({ alliance, prng }) => {
    const commitment = prng.maybePick(alliance.commitments.list());
    if (commitment) alliance.updateCommitment(commitment.id, prng.bool() ? { text: sentence(prng) } : { dueAt: T0 + prng.int(0, 200) * DAY });
  }),
  op('resolveCommitment', 4, ({ alliance, prng, person }) => {
    // Mostly open ones, sometimes any (already resolved here: refused with not-allowed).
    const all = alliance.commitments.list();
    const open = all.filter((c) => c.status === 'open');
    const commitment = prng.maybePick(prng.bool(0.85) && open.length > 0 ? open : all);
    if (commitment) alliance.resolveCommitment(commitment.id, prng.pick(['delivered', 'missed', 'cancelled'] as const), person);
  }),
  // check-ins
  op('recordCheckIn', 3, ({ alliance, prng, person }) => {
    const partnerId = prng.maybePick(partnerIds(alliance));
    if (!partnerId) return;
    const score = () => prng.int(1, 5);
    alliance.recordCheckIn({ partnerId, by: person, scores: { openness: score(), reliability: score(), fairness: score(), momentum: score() }, note: sentence(prng) });
  }),
  // governance
  op('updateGovernance', 3, ({ alliance, prng }) => {
    const category = prng.pick(DECISION_CATEGORIES);
    alliance.updateGovernance(
      prng.weighted([
        [2, { rules: { ...alliance.governance().rules, [category]: prng.pick(DECISION_RULES) } }],
        [1, { quorum: prng.int(1, 100) / 100 }],
        [2, { leadPartnerId: prng.maybePick(partnerIds(alliance)) ?? null }],
        [1, { operationalTimeLimitDays: prng.int(1, 60), steeringTimeLimitDays: prng.int(1, 90) }],
        [1, { vetoCategories: someSubset(prng, DECISION_CATEGORIES) }],
      ]),
    );
  }),
  // decisions
  op('proposeDecision', 4, ({ alliance, prng, person }) => {
    alliance.proposeDecision({
      title: `Decide ${prng.word()}`,
      body: sentence(prng),
      category: prng.pick(DECISION_CATEGORIES),
      level: prng.pick(DECISION_LEVELS),
      deadline: alliance.meta().createdAt + prng.int(1, 250) * DAY,
      createdBy: person,
    });
  }),
  op('castVote', 10, ({ alliance, prng, person }) => {
    const decision = pickDecision(alliance, prng);
    const partnerId = prng.maybePick(partnerIds(alliance));
    if (decision && partnerId) alliance.castVote(decision, partnerId, prng.weighted([[4, 'yes'], [3, 'no'], [1, 'abstain'], [1, 'veto']] as const), person);
  }),
  // Every peer that already has the decision votes on it, before any of the votes travel:
  // concurrent votes by different partners, and re-votes by the same partner from two devices.
  op('voteRound', 3, ({ alliance, prng }, peers) => {
    const decision = pickDecision(alliance, prng);
    if (!decision) return;
    for (const other of peers) {
      const partnerId = other.prng.maybePick(partnerIds(other.alliance));
      if (!partnerId || !other.alliance.decisions.has(decision)) continue;
      try {
        other.alliance.castVote(decision, partnerId, other.prng.pick(VOTE_CHOICES), other.person);
      } catch (error) {
        if (!(error instanceof DocumentError)) throw error;
      }
    }
  }),
  op('commentOnDecision', 2, ({ alliance, prng, person }) => {
    const decision = pickDecision(alliance, prng);
    if (decision) alliance.commentOnDecision(decision, { by: person, partnerId: prng.maybePick(partnerIds(alliance)) ?? null, text: sentence(prng) });
  }),
  op('escalateDecision', 2, ({ alliance, prng }) => {
    const decision = pickDecision(alliance, prng);
    if (decision) alliance.escalateDecision(decision, `Stuck: ${prng.word()}`);
  }),
  op('recordOutcome', 2, ({ alliance, prng }) => {
    const decision = pickDecision(alliance, prng);
    if (decision) alliance.recordOutcome(decision, prng.pick(DECISION_OUTCOMES));
  }),
  op('withdrawDecision', 1, ({ alliance, prng }) => {
    const decision = pickDecision(alliance, prng);
    if (decision) alliance.withdrawDecision(decision);
  }),
  // realignment reviews
  op('recordReview', 2, ({ alliance, prng, person }) => {
    const fit: Record<string, number> = {};
    for (const id of someSubset(prng, partnerIds(alliance))) fit[id] = prng.int(1, 5);
    alliance.recordReview({ by: person, fit, notes: sentence(prng), agreedChanges: prng.bool() ? `Move to ${sentence(prng)}` : '' });
  }),
  // exit plan
  op('updateExitPlan', 1, ({ alliance, prng }) =>
    alliance.updateExitPlan(prng.weighted([[1, { noticePeriodDays: prng.int(0, 365) }], [1, { nonDisparagement: prng.bool() }], [1, { forceMajeure: sentence(prng) }]])),
  ),
  op('addAsset', 1, ({ alliance, prng }) => {
    alliance.addAsset({ name: `Asset ${prng.word()}`, holder: prng.pick(names), split: sentence(prng) });
  }),
  op('updateAsset', 1, ({ alliance, prng }) => {
    const asset = prng.maybePick(alliance.exitPlan().assets);
    if (asset) alliance.updateAsset(asset.id, prng.bool() ? { holder: prng.pick(names) } : { split: sentence(prng) });
  }),
  op('removeAsset', 1, ({ alliance, prng }) => {
    const asset = prng.maybePick(alliance.exitPlan().assets);
    if (asset) alliance.removeAsset(asset.id);
  }),
  // charter: edited through the Yjs types, the way Tiptap's Collaboration extension does
  op('charterInsertText', 8, ({ alliance, prng }) => {
    const text = pickBlockText(alliance, prng);
    if (!text) return;
    text.insert(prng.int(0, text.length), prng.bool(0.2) ? ` ${prng.word()} ` : prng.word(1, 3), prng.bool(0.1) ? { bold: true } : undefined);
  }),
  op('charterDeleteText', 4, ({ alliance, prng }) => {
    const text = pickBlockText(alliance, prng);
    if (!text || text.length === 0) return;
    const index = prng.int(0, text.length - 1);
    text.delete(index, prng.int(1, Math.min(8, text.length - index)));
  }),
  op('charterFormatText', 1, ({ alliance, prng }) => {
    const text = pickBlockText(alliance, prng);
    if (!text || text.length === 0) return;
    const index = prng.int(0, text.length - 1);
    text.format(index, prng.int(1, text.length - index), { italic: prng.bool() ? true : null });
  }),
  op('charterInsertBlock', 2, ({ alliance, prng }) => {
    const fragment = alliance.charter();
    alliance.doc.transact(() => {
      const heading = prng.bool(0.3);
      const element = new Y.XmlElement(heading ? 'heading' : 'paragraph');
      if (heading) element.setAttribute('level', prng.int(1, 3) as unknown as string);
      const content = new Y.XmlText();
      content.insert(0, heading ? prng.pick(['Decision-making', 'Exit', 'Escalation', 'Data', 'Culture']) : sentence(prng));
      element.insert(0, [content]);
      fragment.insert(prng.int(0, fragment.length), [element]);
    });
  }),
  op('charterDeleteBlock', 1, ({ alliance, prng }) => {
    const fragment = alliance.charter();
    if (fragment.length > 2) fragment.delete(prng.int(0, fragment.length - 1), 1);
  }),
  op('charterHeadingLevel', 1, ({ alliance, prng }) => {
    const headings = alliance
      .charter()
      .toArray()
      .filter((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'heading');
    prng.maybePick(headings)?.setAttribute('level', prng.int(1, 3) as unknown as string);
  }),
  op('applyCharterTemplate', 1, ({ alliance, prng }) => {
    alliance.applyCharterTemplate(prng.pick(ALLIANCE_MODES));
  }),
];

/** Mostly a decision still open to votes, sometimes any (closed ones refuse votes with not-allowed). */
function pickDecision(alliance: AllianceDocument, prng: Prng): string | undefined {
  const all = alliance.decisions.list();
  const open = all.filter((d) => d.status === 'open' || d.status === 'escalated');
  return prng.maybePick(prng.bool(0.85) && open.length > 0 ? open : all)?.id;
}

/** The text of a random top-level charter block, created if the block has none. */
function pickBlockText(alliance: AllianceDocument, prng: Prng): Y.XmlText | undefined {
  const blocks = alliance
    .charter()
    .toArray()
    .filter((node): node is Y.XmlElement => node instanceof Y.XmlElement);
  const block = prng.maybePick(blocks);
  if (!block) return undefined;
  const existing = block.toArray().find((child): child is Y.XmlText => child instanceof Y.XmlText);
  if (existing) return existing;
  const text = new Y.XmlText();
  block.insert(block.length, [text]);
  return text;
}

// ---------------------------------------------------------------- what every peer must agree on

/** A fixed "now" for the derived values: well after every simulated edit and deadline. */
const DERIVED_AT = T0 + 400 * DAY;

/** Every derived value the app shows, in plain JSON-able form, computed from one snapshot. */
function derivedValues(snapshot: AllianceSnapshot, now: number): unknown {
  const sorted = (map: Map<string, number>) => [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const active = snapshot.partners.filter((p) => p.status !== 'exited');
  return {
    trustBalances: sorted(trustBalances(snapshot.trust)),
    allianceTrust: allianceTrustBalance(snapshot.trust),
    trustByKind: trustTotalsByKind(snapshot.trust),
    trustTrend: trustTrend(snapshot.trust, now),
    freeRiders: freeRiders(snapshot, now),
    // Refusing is deterministic too, and has its own regression test below; here it must not hide the rest.
    power: attempt(() => powerWarnings(active)),
    gaps: alignmentGaps(snapshot),
    checkins: { averages: checkinAverages(snapshot.checkins), latest: latestCheckins(snapshot.checkins), gaps: checkinGaps(snapshot.checkins) },
    overdue: overdueCommitments(snapshot, now),
    delivery: [...deliveryByPartner(snapshot).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    review: reviewStatus(snapshot.meta, snapshot.reviews, now),
    charterAudit: charterAudit(snapshot.charter, snapshot.meta.mode),
    governanceConsistency: governanceConsistency(snapshot.charter, snapshot.governance),
    health: allianceHealth(snapshot, now),
    decisions: snapshot.decisions.map((d) => ({
      id: d.id,
      result: decisionOutcome(d, snapshot.partners, snapshot.governance, now),
      midway: decisionOutcome(d, snapshot.partners, snapshot.governance, d.openedAt + DAY),
      escalation: escalation(d, snapshot.partners, snapshot.governance, d.openedAt + 20 * DAY),
    })),
  };
}

function attempt<T>(compute: () => T): T | { refused: string } {
  try {
    return compute();
  } catch (error) {
    if (error instanceof RangeError) return { refused: error.message };
    throw error;
  }
}

/** JSON with object keys sorted: two peers may hold the same map with keys inserted in another order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v instanceof Map
      ? canonicalMap(v)
      : v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

function canonicalMap(map: Map<unknown, unknown>): [string, unknown][] {
  return [...map.entries()].map(([k, v]): [string, unknown] => [String(k), v]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function expectConverged(seed: number, options: RunOptions): RunResult {
  const hint = rerunHint(seed, options.ops);
  const result = runConvergence(seed, options);
  expect(result.converged, `${hint} — state vectors differ or updates still pending after a full sync`).toBe(true);
  const [first, ...rest] = result.snapshots;
  const firstDerived = canonicalJson(derivedValues(first!, DERIVED_AT));
  rest.forEach((snapshot, i) => {
    expect(result.stateVectors[i + 1], `${hint} — peer ${i + 1}'s state vector differs`).toEqual(result.stateVectors[0]);
    expect(result.charterXml[i + 1], `${hint} — peer ${i + 1}'s charter differs`).toBe(result.charterXml[0]);
    expect(canonicalJson(snapshot), `${hint} — peer ${i + 1}'s snapshot differs from peer 0's`).toBe(canonicalJson(first));
    // Same content in the same key order: every device renders the same lists (see the seed 2 regression).
    expect(JSON.stringify(snapshot) === JSON.stringify(first), `${hint} — peer ${i + 1}'s snapshot JSON differs in key order`).toBe(true);
    expect(canonicalJson(derivedValues(snapshot, DERIVED_AT)), `${hint} — peer ${i + 1}'s derived values differ`).toBe(firstDerived);
  });
  return result;
}

// ---------------------------------------------------------------- the tests

// A seed replays the same run only while the operations above stay as they are: when they change, check
// that each regression below still exercises what it names (its comment says what to look for).
describe('alliance document convergence: regressions', () => {
  // Found by this suite in the simulated network itself: a dropped update that only deletes (removing a
  // partner) moves no state vector, so comparing state vectors called the peers converged while one still
  // had the partner. The final sync now always runs a full round and compares Yjs snapshots (deletions too).
  it('seed 13: a dropped deletion-only update is repaired by the final sync', () => {
    const result = expectConverged(13, { ops: 150 });
    expect(result.stats.dropped, rerunHint(13)).toBeGreaterThan(0);
  }, TIMEOUT_MS);

  // Found by this suite: peers agreed on every value, but decision.votes listed its keys in the order the
  // votes happened to arrive on each device (alliance.ts readDecision walked the Y.Map in local insertion
  // order), so the snapshot's JSON, and any list rendered from Object.entries(votes), differed between peers.
  // Fixed in da33709 (votes read in partner-id order).
  // Found by the extensive run: the document accepts up to 50 partners with fractional voting weights
  // (partnerSpec: number(0, 1_000_000)), but banzhafPower throws a RangeError for more than 20 partners
  // unless every weight is whole, so powerWarnings, which the app calls to show power warnings, throws.
  it('seed 2146548857 (600 operations): power warnings work for more than 20 partners with fractional weights', () => {
    const seed = 2146548857;
    const result = expectConverged(seed, { ops: 600 });
    const active = result.snapshots[0]!.partners.filter((p) => p.status !== 'exited');
    expect(active.length, rerunHint(seed, 600)).toBeGreaterThan(20);
    expect(active.some((p) => !Number.isInteger(p.votingWeight)), rerunHint(seed, 600)).toBe(true);
    expect(() => powerWarnings(active), `${rerunHint(seed, 600)} — powerWarnings threw`).not.toThrow();
  }, TIMEOUT_MS);

  it('seed 2: the snapshot serializes to the same JSON on every peer (votes in a fixed key order)', () => {
    const result = runConvergence(2, { ops: 150 });
    const voteOrder = result.snapshots.map((snapshot) => snapshot.decisions.map((d) => Object.keys(d.votes)));
    const json = result.snapshots.map((snapshot) => JSON.stringify(snapshot));
    for (let i = 1; i < json.length; i++) {
      expect(voteOrder[i], `${rerunHint(2)} — peer ${i} lists decision votes in another key order than peer 0`).toEqual(voteOrder[0]);
      expect(json[i] === json[0], `${rerunHint(2)} — peer ${i}'s snapshot JSON differs from peer 0's`).toBe(true);
    }
  }, TIMEOUT_MS);
});

describe('alliance document convergence: the simulation does what it claims', () => {
  // A fuzzer that quietly stopped exercising something would still pass; this keeps it honest.
  it('seeds 1 to 5 run every operation, refuse some, and drop, duplicate and reconnect on the network', () => {
    const ran: Record<string, number> = {};
    const stats = { dropped: 0, duplicated: 0, reconnects: 0, resyncs: 0 };
    let votes = 0;
    let refusals = 0;
    for (let seed = 1; seed <= 5; seed++) {
      const result = runConvergence(seed, { ops: 150 });
      for (const [name, n] of Object.entries(result.ran)) ran[name] = (ran[name] ?? 0) + n;
      for (const key of Object.keys(stats) as (keyof typeof stats)[]) stats[key] += result.stats[key];
      votes += result.snapshots[0]!.decisions.reduce((n, d) => n + Object.keys(d.votes).length, 0);
      refusals += Object.values(result.refused).reduce((a, b) => a + b, 0);
    }
    expect(Object.keys(ran).sort()).toEqual(OPERATIONS.map(([, o]) => o.name).sort());
    for (const key of Object.keys(stats) as (keyof typeof stats)[]) expect(stats[key], key).toBeGreaterThan(0);
    expect(votes).toBeGreaterThan(10);
    expect(refusals).toBeGreaterThan(0);
  }, TIMEOUT_MS);
});

describe('alliance document convergence (seeded random operations over a lossy network)', () => {
  if (ONLY_SEED !== undefined) {
    const seed = Number(ONLY_SEED);
    it(`seed ${seed} (TRELLIS_SEED)`, () => {
      expectConverged(seed, { ops: OPS_PER_SEED });
    }, TIMEOUT_MS);
    return;
  }

  for (let n = 0; n < SEED_COUNT; n++) {
    const seed = BASE_SEED + n;
    it(`seed ${seed}: ${OPS_PER_SEED} random operations converge`, () => {
      expectConverged(seed, { ops: OPS_PER_SEED });
    }, TIMEOUT_MS);
  }
});
