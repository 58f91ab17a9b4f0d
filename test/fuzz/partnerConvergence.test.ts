import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AllianceDocument, type Actor, type AllianceSnapshot, type Place } from '@trellis/shared';
import { AuthorityCheck, refusalOf } from '../../sync-server/src/authorityCheck.ts';
import { readUpdateOutline } from '../../sync-server/src/updateFormat.ts';
import { updateReadiness } from '../../sync-server/src/updateReadiness.ts';
import { seededRandom } from './mutations.ts';
import { closeDecided } from '../../client/src/session/decisionClosing.ts';
import { escalateDue } from '../../client/src/session/autoEscalation.ts';
import { refusedOnlyUpkeep } from '../../client/src/session/relayRefusal.ts';

/**
 * AUTH-14, SYNC-1: seeded convergence with partner-bound links. Three peers, each LogiCorp's, TechCo's or Green's
 * edit link, make random honest edits for their own partner only (the app's controls) while their updates reach a
 * relay in random order (it holds what is not ready yet) and the relay's reach the other peers in random order.
 * The honest races are in: votes concurrent with a withdrawal (AUTH-3), two partners marking one commitment (AUTH-8),
 * a reword concurrent with a first vote (AUTH-4), and a peer's unsent updates merged into one, as a reconnect sends
 * them (a field set twice, a proposal made and withdrawn, a withdrawal undone), and what the rules write by themselves: each
 * session's upkeep closes, applies and escalates on a synced copy, and at quiet moments every session does it at once
 * (two sessions applying one change, escalating or closing one decision; a close or an escalation against its
 * proposer's withdrawal: AUTH-15, CHG-8, GOV-15). Every update a peer produces is checked by the relay's
 * resolver and `mayWrite` on arrival and must be admitted; at the end every replica holds the relay's document.
 */
const EXTENSIVE = process.env.TRELLIS_EXTENSIVE === '1';
const SEEDS = EXTENSIVE ? 200 : 20;
const STEPS = EXTENSIVE ? 800 : 300;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 2);

const pick = <T>(next: () => number, items: readonly T[]): T => items[Math.floor(next() * items.length)]!;

interface Peer {
  doc: Y.Doc;
  alliance: AllianceDocument;
  /** The same copy, making links with ids of their own stream: links joined the edits without changing any seed's races. */
  linker: AllianceDocument;
  partnerId: string;
  outbox: Uint8Array[];
  inbox: Uint8Array[];
  /** How many updates the relay had admitted when this copy last matched it and its upkeep wrote. */
  syncedAt: number;
}

/**
 * What the session's upkeep writes by itself (decisionClosing.ts, autoEscalation.ts), as every synced session would if
 * all wrote at once (the app has one session write first; here none waits): escalating what is due, closing what is
 * decided, applying a passed change (CHG-3 .. CHG-5, CHG-8).
 */
function upkeep(peer: Peer, now: number): void {
  escalateDue(peer.alliance, now);
  closeDecided(peer.alliance, peer.partnerId, now, () => true);
}

/** One honest edit for the peer's own partner, as the app offers it; the document layer may refuse it (a race). */
function honestEdit(peer: Peer, partners: string[], next: () => number, now: number): void {
  const a = peer.alliance;
  const me = peer.partnerId;
  const view = a.authorityView();
  const open = view.decisions.filter((d) => d.status === 'open' || d.status === 'escalated');
  const mine = open.filter((d) => d.proposerId === me);
  const mineUnvoted = mine.filter((d) => Object.keys(d.votes).length === 0);
  const others = partners.filter((p) => p !== me);
  const myInterests = view.interests.filter((i) => i.partnerId === me);
  switch (Math.floor(next() * 15)) {
    case 0:
      if (open.length > 0) a.castVote(pick(next, open).id, me, pick(next, ['yes', 'yes', 'no', 'abstain'] as const), 'someone');
      return;
    case 1:
      a.recordCheckIn({ partnerId: me, by: 'someone', scores: { openness: 3, reliability: 4, fairness: 2, momentum: 5 } });
      return;
    case 2:
      a.recordTrust({ by: 'someone', partnerId: pick(next, others), kind: 'transparency', recordedBy: me });
      return;
    case 3: {
      // AUTH-5: the new interest is linked at once to another partner's, in the same update (as an offline batch sends
      // them). The link reads nothing of the seed's streams, so each seed meets the same races as before links were in.
      const theirs = view.interests.find((i) => i.partnerId !== me);
      a.doc.transact(() => {
        const own = a.addInterest({ partnerId: me, kind: pick(next, ['explicit', 'red-line'] as const), layer: 'strategic', text: `Interest ${Math.floor(next() * 1e6)}` });
        if (theirs) peer.linker.linkInterests({ fromInterestId: theirs.id, toInterestId: own.id, relation: view.alignment.length % 2 === 0 ? 'supports' : 'conflicts' });
      });
      return;
    }
    case 4: {
      if (myInterests.length === 0) return;
      const interest = pick(next, myInterests);
      // A link it is party to is noted in the same update.
      const link = view.alignment.find((l) => l.fromInterestId === interest.id || l.toInterestId === interest.id);
      a.doc.transact(() => {
        a.updateInterest(interest.id, { text: `Reworded ${Math.floor(next() * 1e6)}` });
        if (link) a.updateLink(link.id, { note: `Noted with ${interest.id}` });
      });
      return;
    }
    case 5:
      if (myInterests.length > 0) a.removeInterest(pick(next, myInterests).id);
      return;
    case 6:
      a.addCommitment({ partnerId: me, text: 'Deliver', dueAt: now + DAY });
      return;
    case 7: {
      // Any partner may mark another's commitment, its owner resolve its own: two marking one at once both keep
      // their word (AUTH-8, COMMIT-4).
      const marked = a.snapshot().commitments.filter((c) => c.status === 'open');
      const resolutions = ['delivered', 'missed', 'cancelled'] as const;
      if (marked.length > 0) {
        const c = pick(next, marked);
        a.resolveCommitment(c.id, pick(next, c.partnerId === me ? resolutions : resolutions.slice(0, 2)), 'someone', me);
      }
      return;
    }
    case 8:
      a.proposeDecision({ title: `Proposal ${Math.floor(next() * 1e6)}`, category: 'execution', deadline: now + 7 * DAY, createdBy: 'someone', proposerId: me });
      return;
    case 9:
      if (open.length > 0) a.commentOnDecision(pick(next, open).id, { by: 'someone', partnerId: me, text: 'Agreed' });
      return;
    case 10: {
      // Withdrawing while other partners may be voting on their copies (AUTH-3); undoing a withdrawal (DEC-7).
      const withdrawn = view.decisions.filter((d) => d.status === 'withdrawn' && d.proposerId === me);
      if (withdrawn.length > 0 && next() < 0.3) a.reopenDecision(pick(next, withdrawn).id);
      else if (mine.length > 0) a.withdrawDecision(pick(next, mine).id);
      else a.updateExitPlan({ noticePeriodDays: 30 + Math.floor(next() * 60) });
      return;
    }
    case 11:
      // Rewording while another partner may be casting the first vote (AUTH-4, GOV-13).
      if (mineUnvoted.length > 0) a.rewordDecision(pick(next, mineUnvoted).id, { title: `Reworded ${Math.floor(next() * 1e6)}`, body: 'New words' });
      return;
    case 12: {
      // Proposed and undone at once: made and withdrawn, often sent as one merged update (AUTH-4).
      const d = a.proposeDecision({ title: 'Second thoughts', category: 'strategic', deadline: now + 7 * DAY, createdBy: 'someone', proposerId: me });
      a.withdrawDecision(d.id);
      if (next() < 0.3) a.reopenDecision(d.id);
      return;
    }
    case 13: {
      // A constitution change, applied when it passes (CHG-1 .. CHG-3).
      const quorum = pick(next, [0.5, 0.67, 1]);
      a.proposeChange({ change: { kind: 'quorum', quorum }, category: 'execution', deadline: now + 7 * DAY, createdBy: 'someone', proposerId: me });
      return;
    }
    default: {
      const paragraph = new Y.XmlElement('paragraph');
      a.doc.transact(() => {
        a.charter().insert(0, [paragraph]);
        paragraph.insert(0, [new Y.XmlText('Shared text. ')]);
      });
    }
  }
}

/** How often each honest race reached the relay: the fuzz must show it meets them, not only that it passes. */
interface Races {
  voteOnClosed: number;
  secondMark: number;
  rewordAfterVote: number;
  mergedWithdrawnProposal: number;
  reopened: number;
  /** Rule-produced writes (CHG-3 .. CHG-5) and a second session writing them again at once (AUTH-15, CHG-8). */
  closed: number;
  escalated: number;
  applied: number;
  closedAgain: number;
  escalatedAgain: number;
  appliedAgain: number;
  /** A close and its proposer's withdrawal made at once, arriving in either order: the close wins (GOV-15). */
  closedOverWithdrawal: number;
  withdrawnAfterClose: number;
  /** The honest races the relay refuses (PROTOCOL.md, "Known refusals"): a reword reaching a decided decision, */
  rewordRefusedAfterClose: number;
  /** and a close or an escalation reaching the relay after a vote or a reword its writer had not seen. */
  closeRefusedOverLaterVotes: number;
}

/** The rules in force, among the decisions' ids in `decisionTouched`: a change to them touches every decision. */
const RULES = 'rules in force';

/** What a vote answers: the decision's words (GOV-13), and whether its proposer withdrew it (GOV-15). */
const ANSWERED = new Set(['title', 'body', 'category', 'change', 'deadline', 'withdrawnAt']);

/**
 * A close or an escalation (the upkeep's writes) refused because the rules no longer give it: a vote or a reword of
 * that decision, or a change of the rules in force, reached the relay after the copy the upkeep wrote from matched it.
 */
function closeOverLaterVotes(verdict: { rule: string; places: readonly Place[] }, from: Peer, touched: ReadonlyMap<string, number>): boolean {
  const closing = new Set(['outcome', 'status', 'appliedAt', 'level', 'escalatedAt', 'escalationReason']);
  return (
    (verdict.rule === 'AUTH-11' || verdict.rule === 'AUTH-12') &&
    verdict.places.length > 0 &&
    verdict.places.every((place) => place.kind === 'decision' && place.field !== null && closing.has(place.field)) &&
    verdict.places.some((place) => place.kind === 'decision' && Math.max(touched.get(place.decisionId) ?? 0, touched.get(RULES) ?? 0) > from.syncedAt)
  );
}

/**
 * A proposer's reword, written while the decision was open on its copy, that reaches the relay after the decision was
 * closed: the votes were cast on the earlier words, so the close stands and the reword is refused (AUTH-4).
 */
function rewordOfDecided(verdict: { rule: string; places: readonly Place[] }, relay: AllianceSnapshot): boolean {
  const rewording = new Set(['title', 'body', 'category', 'change']);
  return (
    verdict.rule === 'AUTH-4' &&
    verdict.places.length > 0 &&
    verdict.places.every((place) => place.kind === 'decision' && place.field !== null && rewording.has(place.field) && relay.decisions.find((d) => d.id === place.decisionId)?.status === 'decided')
  );
}

/** Which races an admitted update ran into, read from the relay's copy before and after it is applied. */
function countRaces(before: AllianceSnapshot, after: AllianceSnapshot, places: readonly Place[], merged: boolean, races: Races): void {
  const decision = (snapshot: AllianceSnapshot, id: string) => snapshot.decisions.find((d) => d.id === id);
  for (const place of places) {
    const was = place.kind === 'vote' || place.kind === 'decision' ? decision(before, place.decisionId) : undefined;
    if (place.kind === 'vote' && place.partnerId !== null && (was?.status === 'withdrawn' || was?.status === 'decided')) races.voteOnClosed++;
    if (place.kind === 'decision' && place.field === 'title' && Object.keys(was?.votes ?? {}).length > 0) races.rewordAfterVote++;
    if (place.kind === 'decision' && place.field === 'status' && was?.status === 'withdrawn' && decision(after, place.decisionId)?.status === 'open') races.reopened++;
    if (merged && place.kind === 'decision' && place.field === null && !was && decision(after, place.decisionId)?.status === 'withdrawn') races.mergedWithdrawnProposal++;
    if (was && place.kind === 'decision' && place.field === 'outcome') races[was.status === 'decided' ? 'closedAgain' : was.status === 'withdrawn' ? 'closedOverWithdrawal' : 'closed']++;
    if (was?.status === 'decided' && place.kind === 'decision' && place.field === 'withdrawnAt') races.withdrawnAfterClose++;
    if (was && place.kind === 'decision' && place.field === 'level') races[was.level === 'steering' ? 'escalatedAgain' : 'escalated']++;
    if (place.kind === 'governance') races[JSON.stringify(before.governance) === JSON.stringify(after.governance) ? 'appliedAgain' : 'applied']++;
  }
  const resolved = new Set(before.commitments.filter((c) => c.status !== 'open').map((c) => c.id));
  const known = new Set(before.trust.map((e) => e.id));
  races.secondMark += after.trust.filter((e) => !known.has(e.id) && e.commitmentId !== null && resolved.has(e.commitmentId)).length;
}

/**
 * Record ids and Yjs client ids from their own seeded stream: a seed then replays the same run (the same ids,
 * so the same orderings where Yjs breaks ties by client id), and the race counts below are facts, not chances.
 */
function seededIdentities(seed: number): { random: (length: number) => Uint8Array; doc: () => Y.Doc } {
  const next = seededRandom(seed ^ 0x5eed);
  return {
    random: (length) => Uint8Array.from({ length }, () => Math.floor(next() * 256)),
    doc: () => {
      const doc = new Y.Doc();
      doc.clientID = 1 + Math.floor(next() * 0x7fff_fffe);
      return doc;
    },
  };
}

function run(seed: number, races: Races, steps = STEPS): { refused: string[]; converged: boolean } {
  const next = seededRandom(seed);
  const identities = seededIdentities(seed);
  const linkStream = seededRandom(seed ^ 0x11c);
  const linkIds = (length: number) => Uint8Array.from({ length }, () => Math.floor(linkStream() * 256));
  const now = T0;
  const founding = identities.doc();
  const created = AllianceDocument.create(founding, { name: 'Harbour', mode: 'full', partners: [{ name: 'TechCo' }, { name: 'LogiCorp' }, { name: 'Green' }] }, { now: () => now, random: identities.random });
  const partners = created.snapshot().partners.map((p) => p.id);
  const relay = identities.doc();
  Y.applyUpdate(relay, Y.encodeStateAsUpdate(founding));
  const check = new AuthorityCheck(relay);
  /** A peer's copy, opened from `state` (the founding document, or the relay's when a refusal drops the copy). */
  const open = (peer: Peer, state: Uint8Array): Peer => {
    const doc = identities.doc();
    Y.applyUpdate(doc, state, 'relay');
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== 'relay') peer.outbox.push(update);
    });
    const alliance = new AllianceDocument(doc, { now: () => now, random: identities.random });
    return Object.assign(peer, { doc, alliance, linker: new AllianceDocument(doc, { now: () => now, random: linkIds }), outbox: [], inbox: [] });
  };
  const peers: Peer[] = partners.map((partnerId) => open({ partnerId, syncedAt: 0 } as Peer, Y.encodeStateAsUpdate(founding)));
  /** Updates admitted so far, and when each decision's votes or words last changed at the relay (in that count). */
  let admitted = 0;
  const decisionTouched = new Map<string, number>();
  const synced = (peer: Peer) => {
    peer.syncedAt = admitted;
    upkeep(peer, now);
  };
  const refused: string[] = [];
  const held: Array<{ from: Peer; update: Uint8Array; merged: boolean }> = [];
  const relayAlliance = new AllianceDocument(relay, { now: () => now, random: identities.random });
  const arrive = (from: Peer, update: Uint8Array, merged = false) => {
    const read = readUpdateOutline(update, 250_000);
    if (!read.ok) throw new Error(read.reason);
    if (!updateReadiness(read.outline, (client) => Y.getState(relay.store, client)).ready) {
      held.push({ from, update, merged });
      return false;
    }
    const actor: Actor = { role: 'edit', partnerId: from.partnerId };
    const verdict = check.check(actor, update, now);
    const reword = verdict.kind === 'refused' && rewordOfDecided(verdict, relayAlliance.snapshot());
    if (verdict.kind === 'refused' && (reword || closeOverLaterVotes(verdict, from, decisionTouched))) {
      // Known refusal: the app drops the copy and opens the alliance again from the relay, its unsent changes with it.
      // Only the upkeep's lost close is kept quiet; the proposer whose reword lost is told (AUTH-14).
      const told = refusalOf(verdict);
      if (told.kind !== 'refused' || refusedOnlyUpkeep(told.refusal) === reword) {
        refused.push(`the app would ${reword ? 'not tell of' : 'tell of'} ${verdict.rule} (${JSON.stringify(verdict.places)})`);
      }
      races[reword ? 'rewordRefusedAfterClose' : 'closeRefusedOverLaterVotes']++;
      held.splice(0, held.length, ...held.filter((h) => h.from !== from));
      open(from, Y.encodeStateAsUpdate(relay));
      return false;
    }
    if (verdict.kind !== 'allowed') {
      refused.push(`${verdict.kind === 'refused' ? `${verdict.rule}: ${verdict.reason}` : verdict.reason} (${JSON.stringify(verdict.kind === 'refused' ? verdict.places : [])})`);
      return false;
    }
    // Counting reads the whole document twice per update: the extensive run, which the counted seeds vouch for, skips it.
    const before = EXTENSIVE ? null : relayAlliance.snapshot();
    Y.applyUpdate(relay, update);
    check.integrated(verdict);
    admitted++;
    for (const place of verdict.places) {
      if (place.kind === 'vote' || (place.kind === 'decision' && place.field !== null && ANSWERED.has(place.field))) decisionTouched.set(place.decisionId, admitted);
      // The rules in force (a passed change applied, CHG-3; a partner's weight or exit): every decision's answer may
      // change with them.
      if (place.kind === 'governance' || (place.kind === 'partner' && (place.field === 'votingWeight' || place.field === 'status'))) decisionTouched.set(RULES, admitted);
    }
    if (before) countRaces(before, relayAlliance.snapshot(), verdict.places, merged, races);
    for (const peer of peers) if (peer !== from) peer.inbox.push(update);
    return true;
  };
  const releaseHeld = () => {
    for (let progress = true; progress; ) {
      progress = false;
      for (const item of held.splice(0)) if (arrive(item.from, item.update, item.merged)) progress = true;
    }
  };
  const deliverOne = (): boolean => {
    const busy = peers.filter((p) => p.outbox.length > 0 || p.inbox.length > 0);
    if (busy.length === 0) return false;
    const peer = pick(next, busy);
    if (peer.outbox.length > 0 && (peer.inbox.length === 0 || next() < 0.5)) {
      // Sometimes everything unsent at once, merged, as a reconnect sends it (a field set twice is then one write).
      // (a reconnect's diff has no gaps: none of this peer's updates is waiting at the relay for an earlier one).
      const merged = peer.outbox.length > 1 && !held.some((h) => h.from === peer) && next() < 0.2;
      const update = merged ? Y.mergeUpdates(peer.outbox.splice(0)) : peer.outbox.splice(Math.floor(next() * peer.outbox.length), 1)[0]!;
      if (arrive(peer, update, merged)) releaseHeld();
    } else {
      const [update] = peer.inbox.splice(Math.floor(next() * peer.inbox.length), 1);
      Y.applyUpdate(peer.doc, update!, 'relay');
    }
    // The upkeep runs after every change, and writes only on a copy that holds what the relay holds (allianceUpkeep.ts).
    if (peer.outbox.length === 0 && Y.encodeStateVector(peer.doc).join() === Y.encodeStateVector(relay).join()) synced(peer);
    return true;
  };
  for (let step = 0; step < steps; step++) {
    if (next() < 0.03) {
      // Everyone synced at once (a quiet moment): every session's upkeep writes what is due, before seeing the others'.
      while (deliverOne());
      releaseHeld();
      for (const peer of [...peers].sort(() => next() - 0.5)) synced(peer);
    } else if (next() < 0.5) {
      try {
        honestEdit(pick(next, peers), partners, next, now);
      } catch {
        // The document layer refused it on this peer's copy (a decision decided meanwhile): nothing sent.
      }
    } else deliverOne();
  }
  while (deliverOne());
  releaseHeld();
  const expected = JSON.stringify(new AllianceDocument(relay).snapshot());
  const converged = held.length === 0 && peers.every((p) => JSON.stringify(p.alliance.snapshot()) === expected && Y.encodeStateVector(p.doc).join() === Y.encodeStateVector(relay).join());
  return { refused, converged };
}

describe('fuzz: convergence with partner-bound links', () => {
  it(`AUTH-14, AUTH-15, SYNC-1: ${SEEDS} seeds of ${STEPS} steps, the honest races included: every honest update is admitted and every replica converges`, () => {
    const base = Number(process.env.TRELLIS_SEED ?? 20261128);
    const races = noRaces();
    for (let seed = base; seed < base + SEEDS; seed++) {
      const { refused, converged } = run(seed, races);
      expect(refused, `seed ${seed}`).toEqual([]);
      expect(converged, `seed ${seed}`).toBe(true);
    }
    console.log(`AUTH-14 seeds ${base}..${base + SEEDS - 1}: races ${JSON.stringify(races)}`);
    // The races reached the relay (the seeds are fixed, so these are counts, not chances).
    // The rule-produced writes are rarer (they wait for a synced copy): counted together, the close and withdrawal
    // races among them too, and covered one by one in shared's rules tests. The known refusals are rarer still: the
    // next test replays two seeds that meet them.
    const { closed, escalated, applied, closedAgain, escalatedAgain, appliedAgain, closedOverWithdrawal, withdrawnAfterClose, rewordRefusedAfterClose: _reword, closeRefusedOverLaterVotes: _close, ...each } = races;
    if (!EXTENSIVE) {
      for (const [race, count] of Object.entries(each)) expect(count, race).toBeGreaterThan(0);
      expect(closed + escalated + applied, 'rule-produced writes').toBeGreaterThan(0);
      expect(closedAgain + escalatedAgain + appliedAgain + closedOverWithdrawal + withdrawnAfterClose, 'rule-produced writes made twice at once').toBeGreaterThan(0);
    }
  }, EXTENSIVE ? 3_600_000 : 300_000);

  it('AUTH-15: the known refusals, met by two seeds of the extensive run: each is the documented race, the refused copy opens again from the relay, and every replica converges', () => {
    const races = noRaces();
    for (const seed of [20261196, 20261206]) {
      const { refused, converged } = run(seed, races, 800);
      expect(refused, `seed ${seed}`).toEqual([]);
      expect(converged, `seed ${seed}`).toBe(true);
    }
    expect(races.rewordRefusedAfterClose, 'a reword reaching a decided decision').toBeGreaterThan(0);
    expect(races.closeRefusedOverLaterVotes, 'a close reaching the relay after the rules changed').toBeGreaterThan(0);
  }, 120_000);
});

function noRaces(): Races {
  return {
    ...{ voteOnClosed: 0, secondMark: 0, rewordAfterVote: 0, mergedWithdrawnProposal: 0, reopened: 0 },
    ...{ closed: 0, escalated: 0, applied: 0, closedAgain: 0, escalatedAgain: 0, appliedAgain: 0, closedOverWithdrawal: 0, withdrawnAfterClose: 0 },
    ...{ rewordRefusedAfterClose: 0, closeRefusedOverLaterVotes: 0 },
  };
}
