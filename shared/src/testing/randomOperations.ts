/**
 * The random domain operations of the convergence tests (src/document/convergence.test.ts): what a peer may do
 * to its copy of an alliance, each with a weight, drawn from a seeded source so a failing run can be replayed.
 */
import * as Y from 'yjs';
import { ALIGNMENT_RELATIONS, ALLIANCE_MODES, DECISION_CATEGORIES, DECISION_LEVELS, DECISION_OUTCOMES, DECISION_RULES, INTEREST_KINDS, LAYERS, REVIEW_CADENCES, TRUST_DEPOSIT_KINDS, TRUST_KINDS, VOTE_CHOICES } from '../schema.ts';
import type { AllianceDocument } from '../document/alliance.ts';
import { DocumentError } from '../document/documentError.ts';
import type { Prng } from './prng.ts';

export const DAY = 86_400_000;
/** The day every simulated alliance is founded. */
export const T0 = Date.UTC(2026, 0, 5);

/** One simulated device: its copy of the alliance, its random source and the person editing on it. */
export interface Peer {
  index: number;
  alliance: AllianceDocument;
  prng: Prng;
  /** The person editing on this device (log entries record who). */
  person: string;
}

export interface Operation {
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

export const OPERATIONS: readonly (readonly [number, Operation])[] = [
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
