import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { AllianceDocument, mayWrite, observeWrites, type Actor, type Write } from '@trellis/shared';
import { AuthorityCheck } from '../../sync-server/src/authorityCheck.ts';
import { overlapAfterGarbage } from '../../sync-server/src/roomDocument.ts';
import { readUpdateOutline } from '../../sync-server/src/updateFormat.ts';
import { updateReadiness } from '../../sync-server/src/updateReadiness.ts';
import { mutate, seededRandom } from './mutations.ts';

/**
 * AUTH-14, PLACE-13: the relay's authority check against an independent oracle. Real LogiCorp updates (its app's
 * writes through the document layer) are mutated and recombined at the Yjs level (keys renamed to other partners'
 * ids and to other fields, values swapped, parents rewritten, items re-parented through a neighbour, delete ranges
 * widened and moved onto TechCo's items) and at the byte level (mutations.ts). Each goes through the relay's
 * pipeline in-process (format, readiness, overlap, then the check); the oracle applies it to a scratch copy,
 * observes what Yjs changed with its own deep events, and asks `mayWrite` of each observed change. Whatever the
 * check admits, the oracle must admit too (no forbidden place ever reaches the stored state), and no honest update
 * the oracle admits is refused.
 */
const EXTENSIVE = process.env.TRELLIS_EXTENSIVE === '1';
const CASES = EXTENSIVE ? 100_000 : 10_000;
const SEED = Number(process.env.TRELLIS_SEED ?? 20261128);
const DAY = 86_400_000;

const pick = <T>(next: () => number, items: readonly T[]): T => items[Math.floor(next() * items.length)]!;

interface World {
  doc: Y.Doc;
  check: AuthorityCheck;
  tech: string;
  logi: string;
  green: string;
  decision: string;
  change: string;
  interest: string;
  commitment: string;
}

/** TechCo's alliance with LogiCorp and Green, seeded by TechCo: a decision, a passed constitution change, records of its own. */
function world(now: number): World {
  const doc = new Y.Doc();
  const alliance = AllianceDocument.create(doc, { name: 'Harbour', mode: 'full', partners: [{ name: 'TechCo' }, { name: 'LogiCorp' }, { name: 'Green' }] }, { now: () => now });
  const [tech, logi, green] = alliance.snapshot().partners.map((p) => p.id) as [string, string, string];
  const decision = alliance.proposeDecision({ title: 'Open the Lyon depot', category: 'execution', deadline: now + 7 * DAY, createdBy: 'Ana', proposerId: tech }).id;
  const change = alliance.proposeChange({ change: { kind: 'quorum', quorum: 1 }, category: 'critical', deadline: now + 7 * DAY, createdBy: 'Ana', proposerId: tech }).id;
  alliance.castVote(change, tech, 'yes', 'Ana');
  alliance.castVote(change, green, 'yes', 'Cy');
  const interest = alliance.addInterest({ partnerId: tech, kind: 'red-line', layer: 'strategic', text: 'Our brand' }).id;
  const commitment = alliance.addCommitment({ partnerId: tech, text: 'Ship the API', dueAt: now + DAY }).id;
  alliance.recordTrust({ by: 'Ana', partnerId: logi, kind: 'transparency', recordedBy: tech });
  alliance.addInterest({ partnerId: logi, kind: 'explicit', layer: 'operational', text: 'Depots' });
  return { doc, check: new AuthorityCheck(doc), tech, logi, green, decision, change, interest, commitment };
}

/** What LogiCorp's app does for LogiCorp: each an honest write through the document layer. */
function honestAction(w: World, a: AllianceDocument, next: () => number, now: number): void {
  const own = a.authorityView().interests.filter((i) => i.partnerId === w.logi);
  switch (Math.floor(next() * 11)) {
    case 0:
      return a.castVote(w.decision, w.logi, pick(next, ['yes', 'no', 'abstain'] as const), 'Bo');
    case 1:
      return void a.recordCheckIn({ partnerId: w.logi, by: 'Bo', scores: { openness: 4, reliability: 3, fairness: 5, momentum: 2 } });
    case 2:
      return void a.recordTrust({ by: 'Bo', partnerId: pick(next, [w.tech, w.green]), kind: 'transparency', recordedBy: w.logi });
    case 3:
      return void a.addInterest({ partnerId: w.logi, kind: pick(next, ['explicit', 'red-line'] as const), layer: 'strategic', text: `Keep depot ${Math.floor(next() * 99)}` });
    case 4:
      if (own.length > 0) return a.updateInterest(pick(next, own).id, { text: 'Reworded' });
      return void a.addInterest({ partnerId: w.logi, kind: 'implicit', layer: 'relational', text: 'Trust' });
    case 5:
      return void a.addCommitment({ partnerId: w.logi, text: 'Staff the depot', dueAt: now + DAY });
    case 6:
      if (a.authorityView().commitments.find((c) => c.id === w.commitment)?.status === 'open') return a.resolveCommitment(w.commitment, pick(next, ['delivered', 'missed'] as const), 'Bo', w.logi);
      return a.charter().insert(0, [new Y.XmlText('Commitments are kept.')]);
    case 7:
      return void a.proposeDecision({ title: 'Hire a driver', category: 'execution', deadline: now + 7 * DAY, createdBy: 'Bo', proposerId: w.logi });
    case 8:
      return void a.commentOnDecision(w.decision, { by: 'Bo', partnerId: w.logi, text: 'In May' });
    case 9: {
      const paragraph = new Y.XmlElement('paragraph');
      a.doc.transact(() => {
        a.charter().insert(0, [paragraph]);
        paragraph.insert(0, [new Y.XmlText('Decisions by consensus.')]);
      });
      return;
    }
    default:
      if (a.decision(w.change)?.appliedAt == null) return a.applyPassedDecision(w.change);
      return a.updateExitPlan({ noticePeriodDays: 30 + Math.floor(next() * 60) });
  }
}

/** A write LogiCorp's link may not make, through the document layer (what a tampered app would send). */
function forbiddenAction(w: World, a: AllianceDocument, next: () => number, now: number): void {
  switch (Math.floor(next() * 8)) {
    case 0:
      return a.castVote(w.decision, w.tech, 'yes', 'Bo');
    case 1:
      return void a.recordCheckIn({ partnerId: w.tech, by: 'Bo', scores: { openness: 1, reliability: 1, fairness: 1, momentum: 1 } });
    case 2:
      return void a.recordTrust({ by: 'Bo', partnerId: w.green, kind: 'breach', recordedBy: w.tech });
    case 3:
      return a.updateInterest(w.interest, { text: 'Nothing' });
    case 4:
      return a.removeInterest(w.interest);
    case 5:
      return a.updateGovernance({ quorum: 0.9 });
    case 6:
      return a.startExit(w.tech, { effectiveAt: now + 90 * DAY });
    default:
      return void a.addPartner({ name: 'Intruder' });
  }
}

/** The update `write` makes on a copy of the relay's document (LogiCorp's device, in sync). */
function made(doc: Y.Doc, write: (a: AllianceDocument) => void, now: number): Uint8Array | null {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const updates: Uint8Array[] = [];
  copy.on('update', (u: Uint8Array) => updates.push(u));
  try {
    write(new AllianceDocument(copy, { now: () => now }));
  } catch {
    // The document layer refused the action itself (say, a vote on a decided decision): nothing to send.
  }
  copy.destroy();
  return updates.length === 0 ? null : Y.mergeUpdates(updates);
}

type Decoded = { structs: Array<Y.Item | Y.GC | Y.Skip>; ds: { clients: Map<number, Array<{ clock: number; len: number }>> } };

/** Writes decoded structs and delete ranges back as a v1 update (Yjs's own encoder and each struct's `write`). */
function encode(decoded: Decoded): Uint8Array {
  const encoder = new Y.UpdateEncoderV1();
  const byClient = new Map<number, Array<Y.Item | Y.GC | Y.Skip>>();
  for (const struct of decoded.structs) {
    const list = byClient.get(struct.id.client) ?? [];
    list.push(struct);
    byClient.set(struct.id.client, list);
  }
  encoding.writeVarUint(encoder.restEncoder, byClient.size);
  for (const [client, structs] of byClient) {
    encoding.writeVarUint(encoder.restEncoder, structs.length);
    encoder.writeClient(client);
    encoding.writeVarUint(encoder.restEncoder, structs[0]!.id.clock);
    for (const struct of structs) struct.write(encoder, 0);
  }
  encoding.writeVarUint(encoder.restEncoder, decoded.ds.clients.size);
  for (const [client, ranges] of decoded.ds.clients) {
    encoder.resetDsCurVal();
    encoding.writeVarUint(encoder.restEncoder, client);
    encoding.writeVarUint(encoder.restEncoder, ranges.length);
    for (const range of ranges) {
      encoder.writeDsClock(range.clock);
      encoder.writeDsLen(range.len);
    }
  }
  return encoder.toUint8Array();
}

/** Ids of the relay document's items: targets for parents, neighbours and deletions. */
function storedItems(doc: Y.Doc): Y.Item[] {
  const items: Y.Item[] = [];
  for (const structs of doc.store.clients.values()) for (const s of structs) if (s instanceof Y.Item) items.push(s);
  return items;
}

/** One Yjs-level mutation of a decoded update. */
function mutateStructs(w: World, update: Uint8Array, next: () => number): Uint8Array {
  const decoded = Y.decodeUpdate(update) as unknown as Decoded;
  const items = decoded.structs.filter((s): s is Y.Item => s instanceof Y.Item);
  const stored = storedItems(w.doc);
  const keys = [w.tech, w.green, 'ghost', 'partnerId', 'recordedBy', 'proposerId', 'status', 'outcome', 'quorum', 'title', 'votingWeight', 'votes', '__proto__'];
  const roots = ['meta', 'partners', 'interests', 'alignment', 'commitments', 'governance', 'decisions', 'exitPlan', 'trust', 'checkins', 'reviews', 'charter', 'm'];
  const item = items.length > 0 ? pick(next, items) : null;
  switch (Math.floor(next() * 8)) {
    case 0: // a key renamed: another partner's id, another field
      if (item?.parentSub != null) item.parentSub = pick(next, keys);
      break;
    case 1: // a value swapped for another partner's
      if (item?.content instanceof Y.ContentAny) {
        item.content.arr = item.content.arr.map((value) =>
          typeof value === 'object' && value !== null ? { ...value, [pick(next, ['partnerId', 'recordedBy', 'proposerId', 'status'])]: pick(next, [w.tech, w.green, 'decided', 'passed']) } : pick(next, [w.tech, 'passed', 'decided', 1]),
        );
      }
      break;
    case 2: // a parent rewritten: a root, or a type of the document
      if (item && item.origin === null && item.rightOrigin === null) {
        const types = stored.filter((s) => s.content instanceof Y.ContentType);
        item.parent = (next() < 0.5 || types.length === 0 ? pick(next, roots) : pick(next, types).id) as never;
      }
      break;
    case 3: // re-parented through a neighbour: the item follows a stored item (and takes its parent and key)
      if (item && stored.length > 0) {
        const neighbour = pick(next, stored);
        item.origin = Y.createID(neighbour.id.client, neighbour.id.clock + neighbour.length - 1);
        if (next() < 0.3) item.rightOrigin = null;
      }
      break;
    case 4: { // a delete range widened, or moved onto TechCo's items
      const target = pick(next, stored);
      const ranges = decoded.ds.clients.get(target.id.client) ?? [];
      ranges.push({ clock: target.id.clock, len: 1 + Math.floor(next() * 20) });
      decoded.ds.clients.set(target.id.client, ranges);
      break;
    }
    case 5: // every range of the update widened
      for (const ranges of decoded.ds.clients.values()) for (const range of ranges) range.len += 1 + Math.floor(next() * 10);
      break;
    case 6: { // the update deletes one of its own items: it never becomes visible, but what it replaced is gone
      if (!item) break;
      const ranges = decoded.ds.clients.get(item.id.client) ?? [];
      ranges.push({ clock: item.id.clock, len: item.length });
      decoded.ds.clients.set(item.id.client, ranges);
      break;
    }
    default: // a map value replaced by a nested type
      if (item?.content instanceof Y.ContentAny && item.parentSub !== null && item.length === 1) item.content = new Y.ContentType(new Y.Map()) as never;
  }
  return encode(decoded);
}

/** The oracle: what Yjs itself changes when the update is applied to a copy, each asked of `mayWrite`. */
function oracle(w: World, actor: Actor, update: Uint8Array, now: number): { allowed: boolean; writes: Write[] } | null {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(w.doc));
  const view = new AllianceDocument(copy).authorityView();
  const writes: Write[] = [];
  const stop = observeWrites(copy, (ws) => writes.push(...ws));
  try {
    Y.applyUpdate(copy, update);
  } catch {
    return null;
  } finally {
    stop();
    copy.destroy();
  }
  return { allowed: writes.every((write) => mayWrite(actor, write.place, write.change, view, now).allowed), writes };
}

describe('fuzz: the authority check', () => {
  it(`AUTH-14, PLACE-13: ${CASES} mutated and recombined LogiCorp updates: nothing the check admits is refused by the oracle; no honest update is refused`, () => {
    const next = seededRandom(SEED);
    const now = Date.UTC(2026, 10, 28);
    const logi = (w: World): Actor => ({ role: 'edit', partnerId: w.logi });
    let w = world(now);
    const counts = { honest: 0, admitted: 0, refused: 0, skipped: 0 };
    for (let n = 0; n < CASES; n++) {
      if (n % 100 === 0) w = world(now);
      const honest = made(w.doc, (a) => honestAction(w, a, next, now), now);
      if (honest === null) continue;
      let update = honest;
      let isHonest = true;
      const kind = next();
      if (kind < 0.25) {
        // Recombined: an honest update merged with a forbidden one, or another honest one.
        const other = made(w.doc, (a) => (next() < 0.7 ? forbiddenAction(w, a, next, now) : honestAction(w, a, next, now)), now);
        if (other) update = Y.mergeUpdates([honest, other]);
        isHonest = false;
      } else if (kind < 0.7) {
        update = mutateStructs(w, honest, next);
        if (next() < 0.3) update = mutateStructs(w, update, next);
        isHonest = false;
      } else if (kind < 0.85) {
        update = mutate(honest, made(w.doc, (a) => forbiddenAction(w, a, next, now), now) ?? honest, next);
        isHonest = false;
      }
      // The relay's pipeline up to the check: format, readiness, overlap.
      const read = readUpdateOutline(update, 250_000);
      if (!read.ok || read.outline.clients.some((c) => c.structs.some((s) => s.subdocument))) {
        counts.skipped++;
        continue;
      }
      const readiness = updateReadiness(read.outline, (client) => Y.getState(w.doc.store, client));
      if (!readiness.ready || overlapAfterGarbage(read.outline, w.doc) !== null) {
        counts.skipped++;
        continue;
      }
      const verdict = w.check.check(logi(w), update, now);
      const truth = oracle(w, logi(w), update, now);
      if (truth === null) {
        counts.skipped++;
        continue;
      }
      if (verdict.kind === 'allowed') {
        expect(truth.allowed, `case ${n}: the check admitted ${JSON.stringify(truth.writes.filter((x) => !mayWrite(logi(w), x.place, x.change, new AllianceDocument(w.doc).authorityView(), now).allowed))}`).toBe(true);
        counts.admitted++;
      } else counts.refused++;
      if (isHonest) {
        counts.honest++;
        if (truth.allowed) expect(verdict, `case ${n}: an honest update`).toMatchObject({ kind: 'allowed' });
      }
      // The world moves on with what the relay admitted, as the room's document would.
      if (verdict.kind === 'allowed' && isHonest) {
        Y.applyUpdate(w.doc, update);
        w.check.integrated(verdict);
      }
    }
    expect(counts.honest).toBeGreaterThan(CASES / 10);
    expect(counts.refused).toBeGreaterThan(CASES / 10);
    expect(counts.admitted).toBeGreaterThan(CASES / 10);
  }, 600_000);
});
