// Over 400 lines on purpose: the corpus is one table, a case per rule of PROTOCOL.md, read beside the one relay and
// seeded alliance every case is sent to; split, each part would need its own relay, links and seed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import * as decoding from 'lib0/decoding';
import { AllianceDocument, appendCharterBlocks, CLOSE_CODES, passageAnchors, describeActivity, sectionOf, MESSAGE_TYPES, REFUSED_CLOSE_REASON, type ActivityPage, type ApiErrorBody, type AuthorityRefusal, type CreateAllianceResponse, type CreateLinkResponse, type LinkIdentity } from '@trellis/shared';
import { startRelay, type RunningRelay } from '../../sync-server/src/index.ts';
import { closed, docReaches, nextFrame, opened, synced, updateFrame, useTestStore } from './relayHarness.ts';

/**
 * The corpus (AUTH-1 .. AUTH-14, AUTH-16 .. AUTH-18): for each rule, a raw update made by LogiCorp's link (its stock client's Y.Doc) that
 * the table refuses, sent alone and mixed into one update with an allowed write: refused with the `refused` message
 * and 4409, never received by TechCo's client, absent after a restart; and its allowed counterpart, accepted.
 */
const DAY = 86_400_000;

let relay: RunningRelay;
let dataDir = '';
const testStore = useTestStore();
const providers: WebsocketProvider[] = [];

interface Links {
  id: string;
  owner: string;
  logi: CreateLinkResponse;
  green: CreateLinkResponse;
  facilitator: CreateLinkResponse;
  viewer: CreateLinkResponse;
  tech: string;
  logiId: string;
  greenId: string;
}
let links: Links;
let witness: Y.Doc;
let logiDoc: Y.Doc;
/** Ids the cases write at, made by TechCo in the seed. */
let seed: { decision: string; interest: string; commitment: string; change: string; thread: string; techComment: string; logiComment: string; version: string; ratify: string };

/** A ratification record of the seed's version as the rules would give it, with `over` (AUTH-18). */
function ratificationRecord(a: AllianceDocument, over: Record<string, unknown> = {}): Record<string, unknown> {
  const version = a.doc.getMap('charterVersions').get(seed.version) as Record<string, unknown>;
  const votes = a.snapshot().partners.map((p) => ({ partnerId: p.id, name: p.name, choice: 'yes', weight: p.votingWeight })).sort((x, y) => (x.partnerId < y.partnerId ? -1 : 1));
  return { number: 1, versionId: seed.version, versionName: version['name'], versionAt: version['at'], hash: version['hash'], content: version['content'], ratifiedAt: Date.now(), votes, ...over };
}

const syncUrl = () => relay.url.replace(/^http/, 'ws') + '/sync';
function provider(token: string, doc = new Y.Doc()): WebsocketProvider {
  const made = new WebsocketProvider(syncUrl(), links.id, doc, {
    params: { token },
    disableBc: true,
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
  });
  providers.push(made);
  return made;
}
async function api(path: string, init: RequestInit = {}) {
  return fetch(relay.url + path, init);
}
async function makeLink(role: string, label: string, partnerId: string | null): Promise<CreateLinkResponse> {
  const response = await api(`/api/alliances/${links.id}/links`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${links.owner}` },
    body: JSON.stringify({ role, label, partnerId }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as CreateLinkResponse;
}

/** An update `write` makes on a copy of `from` (a client's document): what that client would send. */
function madeOn(from: Y.Doc, write: (alliance: AllianceDocument) => void): { update: Uint8Array; client: number } {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(from));
  const updates: Uint8Array[] = [];
  copy.on('update', (update: Uint8Array) => updates.push(update));
  write(new AllianceDocument(copy));
  return { update: Y.mergeUpdates(updates), client: copy.clientID };
}

/**
 * Sends `update` on a raw socket of the link `token`; resolves with the refusal, or null when the relay kept it. An
 * allowed write settles as soon as `accepted` holds (TechCo's client received it); without that, or for a write the
 * relay drops silently, only a quiet three seconds tells.
 */
async function send(token: string, update: Uint8Array, accepted?: Promise<void>): Promise<{ refusal: AuthorityRefusal; code: number; reason: string } | null> {
  const socket = new WebSocket(`${syncUrl()}/${links.id}?token=${token}`);
  socket.on('error', () => {});
  await opened(socket);
  const refused = nextFrame(socket, (frame) => frame[0] === MESSAGE_TYPES.refused, 3_000).catch(() => null);
  const closing = closed(socket, 3_000).catch(() => null);
  socket.send(updateFrame(update));
  const frame = await (accepted ? Promise.race([refused, accepted.then(() => null)]) : refused);
  if (frame === null) {
    socket.terminate();
    return null;
  }
  const decoder = decoding.createDecoder(frame);
  decoding.readVarUint(decoder);
  const refusal = JSON.parse(decoding.readVarString(decoder)) as AuthorityRefusal;
  const close = await closing;
  return { refusal, code: close?.code ?? 0, reason: close?.reason ?? '' };
}

const holds = (doc: Y.Doc, client: number) => Y.decodeStateVector(Y.encodeStateVector(doc)).has(client);

type Write = (a: AllianceDocument) => void;
interface Case {
  rule: string;
  what: string;
  /** LogiCorp's forbidden write (or the link `by`'s). */
  forbidden: Write;
  allowed: Write;
  /** For a write made only of deletions: what must still be there. */
  survives?: (a: AllianceDocument) => boolean;
  by?: () => string;
}

const cases = (): Case[] => [
  {
    rule: 'AUTH-2',
    what: "a facilitator's link edits LogiCorp's interest; it edits the charter",
    by: () => links.facilitator.token,
    forbidden: (a) => a.addInterest({ partnerId: links.logiId, kind: 'explicit', layer: 'strategic', text: 'Not mine' }),
    allowed: (a) => a.charter().insert(0, [new Y.XmlText('Facilitated.')]),
  },
  {
    rule: 'AUTH-3',
    what: 'a vote for TechCo; a vote for an unknown partner; its own vote',
    forbidden: (a) => a.castVote(seed.decision, links.tech, 'yes', 'Bo'),
    allowed: (a) => a.castVote(seed.decision, links.logiId, 'no', 'Bo'),
  },
  {
    rule: 'AUTH-3',
    what: 'a vote for a partner that does not exist',
    forbidden: (a) => (a.doc.getMap('decisions').get(seed.decision) as Y.Map<Y.Map<unknown>>).get('votes')!.set('ghost', { choice: 'yes', at: Date.now(), by: 'Bo' }),
    allowed: (a) => a.addInterest({ partnerId: links.logiId, kind: 'explicit', layer: 'operational', text: 'Depots' }),
  },
  {
    rule: 'AUTH-3',
    what: 'a nested map made inside a vote',
    forbidden: (a) => {
      const votes = (a.doc.getMap('decisions').get(seed.decision) as Y.Map<Y.Map<unknown>>).get('votes')!;
      const nested = new Y.Map<unknown>();
      votes.set(links.logiId, nested);
      nested.set('choice', 'yes');
    },
    allowed: (a) => a.recordCheckIn({ partnerId: links.logiId, by: 'Bo', scores: { openness: 4, reliability: 4, fairness: 4, momentum: 4 } }),
  },
  {
    rule: 'AUTH-4',
    what: "rewording TechCo's decision; proposing its own",
    forbidden: (a) => (a.doc.getMap('decisions').get(seed.decision) as Y.Map<unknown>).set('title', 'Close the Lyon depot'),
    allowed: (a) => a.proposeDecision({ title: 'Hire a driver', category: 'execution', deadline: Date.now() + 7 * DAY, createdBy: 'Bo', proposerId: links.logiId }),
  },
  {
    rule: 'AUTH-5',
    what: "editing TechCo's interest; editing its own",
    forbidden: (a) => a.updateInterest(seed.interest, { text: 'Nothing' }),
    allowed: (a) => a.addInterest({ partnerId: links.logiId, kind: 'red-line', layer: 'strategic', text: 'Keep our depots' }),
  },
  {
    rule: 'AUTH-5',
    what: "removing TechCo's red line (a delete set only)",
    forbidden: (a) => a.doc.getMap('interests').delete(seed.interest),
    survives: (a) => a.snapshot().interests.some((i) => i.id === seed.interest),
    allowed: (a) => a.charter().insert(0, [new Y.XmlText('Red lines are kept.')]),
  },
  {
    rule: 'AUTH-5',
    what: 'an interest for a partner that does not exist',
    forbidden: (a) =>
      a.doc.transact(() => {
        const record = new Y.Map<unknown>();
        a.doc.getMap('interests').set('haunted', record);
        record.set('partnerId', 'ghost');
        record.set('text', 'Haunted');
      }),
    allowed: (a) => a.addInterest({ partnerId: links.logiId, kind: 'explicit', layer: 'relational', text: 'Routes' }),
  },
  {
    rule: 'AUTH-5',
    what: "a nested map made inside its own interest's text stays that interest's (allowed); inside TechCo's, refused",
    forbidden: (a) => (a.doc.getMap('interests').get(seed.interest) as Y.Map<unknown>).set('note', new Y.Map()),
    allowed: (a) => {
      const mine = a.addInterest({ partnerId: links.logiId, kind: 'explicit', layer: 'strategic', text: 'Nested' });
      const nested = new Y.Map<unknown>();
      (a.doc.getMap('interests').get(mine.id) as Y.Map<unknown>).set('text', nested);
      nested.set('deep', 'inside');
    },
  },
  {
    rule: 'AUTH-6',
    what: 'a check-in as TechCo; as itself',
    forbidden: (a) => a.recordCheckIn({ partnerId: links.tech, by: 'Bo', scores: { openness: 1, reliability: 1, fairness: 1, momentum: 1 } }),
    allowed: (a) => a.recordCheckIn({ partnerId: links.logiId, by: 'Bo', scores: { openness: 5, reliability: 5, fairness: 5, momentum: 5 } }),
  },
  {
    rule: 'AUTH-7',
    what: "a trust entry with TechCo's recordedBy; with its own",
    forbidden: (a) => a.recordTrust({ by: 'Bo', partnerId: links.greenId, kind: 'transparency', recordedBy: links.tech }),
    allowed: (a) => a.recordTrust({ by: 'Bo', partnerId: links.greenId, kind: 'transparency', recordedBy: links.logiId }),
  },
  {
    rule: 'AUTH-7',
    what: 'removing a trust entry (a delete set only)',
    forbidden: (a) => a.doc.getArray('trust').delete(0, 1),
    survives: (a) => a.doc.getArray('trust').length > 0,
    allowed: (a) => a.recordTrust({ by: 'Bo', partnerId: links.tech, kind: 'commitment-delivered', recordedBy: links.logiId }),
  },
  {
    rule: 'AUTH-8',
    what: "rewording TechCo's commitment; marking it delivered",
    forbidden: (a) => a.updateCommitment(seed.commitment, { text: 'Ship nothing' }),
    allowed: (a) => a.resolveCommitment(seed.commitment, 'delivered', 'Bo', links.logiId),
  },
  {
    rule: 'AUTH-8',
    what: "marking TechCo's commitment by writing its status (a mark is the marker's own trust entry); adding one",
    forbidden: (a) => (a.doc.getMap('commitments').get(seed.commitment) as Y.Map<unknown>).set('status', 'missed'),
    allowed: (a) => a.recordTrust({ by: 'Bo', partnerId: links.tech, kind: 'transparency', recordedBy: links.logiId }),
  },
  {
    rule: 'AUTH-9',
    what: "starting TechCo's exit; editing the exit plan",
    forbidden: (a) => a.startExit(links.tech, { effectiveAt: Date.now() + 90 * DAY }),
    allowed: (a) => a.updateExitPlan({ noticePeriodDays: 60 }),
  },
  {
    rule: 'AUTH-10',
    what: 'adding a partner; the charter',
    forbidden: (a) => a.addPartner({ name: 'Intruder' }),
    allowed: (a) => a.charter().insert(0, [new Y.XmlText('Partners are added by owners.')]),
  },
  {
    rule: 'AUTH-11',
    what: 'changing the quorum directly; applying the passed decision that changes it',
    forbidden: (a) => a.updateGovernance({ quorum: 0.9 }),
    allowed: (a) => a.applyPassedDecision(seed.change),
  },
  {
    rule: 'AUTH-12',
    what: 'escalating a decision that is not due',
    forbidden: (a) => a.escalateDecision(seed.decision, 'not yet due'),
    allowed: (a) => a.castVote(seed.decision, links.logiId, 'yes', 'Bo'),
  },
  {
    rule: 'AUTH-16',
    what: "rewording TechCo's comment on the charter; rewording its own",
    forbidden: (a) => (a.doc.getMap('charterComments').get(seed.techComment) as Y.Map<unknown>).set('text', 'We agree after all.'),
    allowed: (a) => a.editCharterComment(seed.logiComment, { partnerId: links.logiId }, 'We need 180 days, at least.'),
  },
  {
    rule: 'AUTH-16',
    what: "deleting TechCo's comment (a delete set only); deleting its own and writing another",
    forbidden: (a) => a.doc.getMap('charterComments').delete(seed.techComment),
    survives: (a) => a.snapshot().charterComments.some((c) => c.id === seed.techComment),
    allowed: (a) => {
      a.deleteCharterComment(seed.logiComment, { partnerId: links.logiId });
      a.replyOnCharter(seed.thread, { partnerId: links.logiId, by: 'Bo', text: 'We could live with 120 days.' });
    },
  },
  {
    rule: 'AUTH-16',
    what: "a comment in TechCo's name; opening a thread and resolving one in its own",
    forbidden: (a) => a.replyOnCharter(seed.thread, { partnerId: links.tech, by: 'Bo', text: 'TechCo agrees.' }),
    allowed: (a) => {
      // The clause: the corpus types loose text before it.
      const text = (a.charter().toArray().find((node) => node instanceof Y.XmlElement) as Y.XmlElement).get(0) as Y.XmlText;
      a.openCharterThread({ ...passageAnchors(text, 0, 9), quote: 'A partner', partnerId: links.logiId, by: 'Bo', text: 'Which partner?' });
      a.resolveCharterThread(seed.thread, true, 'Bo');
    },
  },
  {
    rule: 'AUTH-16',
    what: "a facilitator's link comments in LogiCorp's name; as itself",
    by: () => links.facilitator.token,
    forbidden: (a) => a.replyOnCharter(seed.thread, { partnerId: links.logiId, by: 'Fa', text: 'LogiCorp agrees.' }),
    allowed: (a) => a.replyOnCharter(seed.thread, { partnerId: null, by: 'Fa', text: 'Shall we meet halfway?' }),
  },
  {
    rule: 'AUTH-16',
    what: 'removing a comment thread (a delete set only); reopening it',
    forbidden: (a) => a.doc.getMap('charterThreads').delete(seed.thread),
    survives: (a) => a.snapshot().charterThreads.some((t) => t.id === seed.thread),
    allowed: (a) => a.resolveCharterThread(seed.thread, false, 'Bo'),
  },
  {
    rule: 'AUTH-17',
    what: "removing TechCo's named version of the charter; keeping one of its own",
    forbidden: (a) => a.doc.getMap('charterVersions').delete(seed.version),
    allowed: (a) => a.takeCharterVersion({ kind: 'named', name: 'LogiCorp draft', partnerId: links.logiId, by: 'Bo' }),
    survives: (a) => a.charterVersion(seed.version)?.name === 'Agreed draft',
  },
  {
    rule: 'AUTH-17',
    what: "rewriting TechCo's named version; a version in TechCo's name; one whose hash is not its text's; an automatic one of its own",
    forbidden: (a) => {
      const map = a.doc.getMap('charterVersions');
      const kept = map.get(seed.version) as Record<string, unknown>;
      map.set(seed.version, { ...kept, name: 'Rewritten' });
      map.set('in-techs-name', { ...kept });
      map.set('forged', { ...kept, partnerId: links.logiId, content: '[]' });
    },
    allowed: (a) => {
      a.charter().insert(a.charter().length, [new Y.XmlText('Another clause.')]);
      a.takeCharterVersion({ kind: 'pause', partnerId: links.logiId, by: 'Bo' });
    },
    survives: (a) => a.charterVersion(seed.version)?.name === 'Agreed draft' && a.charterVersion('forged') === null,
  },
  {
    rule: 'AUTH-18',
    what: 'a ratification record written before its decision passed; its own yes on the ratification',
    forbidden: (a) => a.doc.getMap('charterRatifications').set(seed.ratify, ratificationRecord(a)),
    allowed: (a) => a.castVote(seed.ratify, links.logiId, 'yes', 'Bo'),
  },
  {
    rule: 'AUTH-18',
    what: 'a forged ratification record (another number; one under an ordinary decision); applying the passed ratification',
    forbidden: (a) => {
      a.doc.getMap('charterRatifications').set(seed.ratify, ratificationRecord(a, { number: 5 }));
      a.doc.getMap('charterRatifications').set(seed.decision, ratificationRecord(a));
    },
    allowed: (a) => a.applyPassedDecision(seed.ratify),
  },
  {
    rule: 'AUTH-18',
    what: 'rewriting and removing the ratification once recorded',
    forbidden: (a) => {
      a.doc.getMap('charterRatifications').delete(seed.ratify);
    },
    survives: (a) => a.charterRatification(seed.ratify)?.number === 1 && a.snapshot().charterRatifications.length === 1,
    allowed: (a) => a.charter().insert(0, [new Y.XmlText('Ratified, then edited.')]),
  },
  {
    rule: 'AUTH-18',
    what: 'rewriting the ratification record with other votes',
    forbidden: (a) => a.doc.getMap('charterRatifications').set(seed.ratify, ratificationRecord(a, { votes: [] })),
    allowed: (a) => a.charter().insert(0, [new Y.XmlText('Still ratified.')]),
  },
  {
    rule: 'AUTH-13',
    what: 'a root the schema does not know',
    forbidden: (a) => a.doc.getMap('m').set('k', 1),
    allowed: (a) => a.charter().insert(0, [new Y.XmlText('Known roots only.')]),
  },
];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'trellis-authority-'));
  relay = await startRelay({ port: 0, dataDir, clientDir: null, log: () => {}, ...testStore.relayOptions() });
  // TechCo's creator makes the alliance with its three partners in one update (it governs alone until then).
  const founding = new Y.Doc();
  const alliance = AllianceDocument.create(founding, { name: 'Harbour', mode: 'full', partners: [{ name: 'TechCo' }, { name: 'LogiCorp' }, { name: 'Green' }] });
  const [tech, logiId, greenId] = alliance.snapshot().partners.map((p) => p.id) as [string, string, string];
  const created = (await (await api('/api/alliances', { method: 'POST', body: JSON.stringify({ name: 'Harbour', partnerId: tech }) })).json()) as CreateAllianceResponse;
  links = { id: created.id, owner: created.token, tech, logiId, greenId } as Links;
  const me = (await (await api(`/api/alliances/${links.id}/me`, { headers: { Authorization: `Bearer ${links.owner}` } })).json()) as LinkIdentity;
  expect(me.partnerId).toBe(tech);
  links.logi = await makeLink('edit', 'Bo', logiId);
  links.green = await makeLink('edit', 'Cy', greenId);
  links.facilitator = await makeLink('edit', 'Fa', null);
  links.viewer = await makeLink('view', 'Vi', null);
  const owner = provider(links.owner, founding);
  await synced(owner);
  // TechCo's seed: a decision, an interest, a commitment, a trust entry, a constitution change it and Green pass.
  const d = alliance.proposeDecision({ title: 'Open the Lyon depot', category: 'execution', deadline: Date.now() + 7 * DAY, createdBy: 'Ana', proposerId: tech });
  const i = alliance.addInterest({ partnerId: tech, kind: 'red-line', layer: 'strategic', text: 'Our brand' });
  const c = alliance.addCommitment({ partnerId: tech, text: 'Ship the API', dueAt: Date.now() + DAY });
  alliance.recordTrust({ by: 'Ana', partnerId: logiId, kind: 'transparency', recordedBy: tech });
  const change = alliance.proposeChange({ change: { kind: 'quorum', quorum: 1 }, category: 'critical', deadline: Date.now() + 7 * DAY, createdBy: 'Ana', proposerId: tech });
  alliance.castVote(change.id, tech, 'yes', 'Ana');
  // A clause of the charter, and TechCo's comment on it.
  founding.transact(() => appendCharterBlocks(alliance.charter(), [{ type: 'paragraph', text: 'A partner may leave after a notice period of 90 days.' }]));
  const clause = (alliance.charter().get(0) as Y.XmlElement).get(0) as Y.XmlText;
  const opened = alliance.openCharterThread({ ...passageAnchors(clause, 45, 52), quote: '90 days', partnerId: tech, by: 'Ana', text: 'Too short for us.' });
  alliance.charter().insert(0, [new Y.XmlText('The agreed text.')]);
  const version = alliance.takeCharterVersion({ kind: 'named', name: 'Agreed draft', partnerId: tech, by: 'Ana' })!;
  const ratify = alliance.proposeChange({ change: { kind: 'ratify-charter', versionId: version.id, hash: version.hash }, category: 'strategic', deadline: Date.now() + 7 * DAY, createdBy: 'Ana', proposerId: tech });
  alliance.castVote(ratify.id, tech, 'yes', 'Ana');
  seed = { decision: d.id, interest: i.id, commitment: c.id, change: change.id, thread: opened.thread.id, techComment: opened.comment.id, logiComment: '', version: version.id, ratify: ratify.id };
  const greenDoc = new Y.Doc();
  await synced(provider(links.green.token, greenDoc));
  await docReaches(greenDoc, () => new AllianceDocument(greenDoc).decision(change.id) !== null, 'the seed at Green');
  new AllianceDocument(greenDoc).castVote(change.id, greenId, 'yes', 'Cy');
  new AllianceDocument(greenDoc).castVote(ratify.id, greenId, 'yes', 'Cy');
  witness = founding;
  logiDoc = new Y.Doc();
  await synced(provider(links.logi.token, logiDoc));
  await docReaches(logiDoc, () => Object.keys(new AllianceDocument(logiDoc).decision(change.id)?.votes ?? {}).length === 2, 'the seed at LogiCorp');
  await docReaches(logiDoc, () => Object.keys(new AllianceDocument(logiDoc).decision(ratify.id)?.votes ?? {}).length === 2, 'the ratification at LogiCorp');
  // LogiCorp's own reply, which its cases edit and delete.
  await docReaches(logiDoc, () => new AllianceDocument(logiDoc).snapshot().charterThreads.length === 1, 'the thread at LogiCorp');
  seed.logiComment = new AllianceDocument(logiDoc).replyOnCharter(seed.thread, { partnerId: logiId, by: 'Bo', text: 'We need 180 days.' }).id;
  await docReaches(witness, () => new AllianceDocument(witness).snapshot().charterComments.length === 2, 'the reply at TechCo');
}, 60_000);

afterAll(async () => {
  for (const p of providers) p.destroy();
  await relay?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('who changed what (ACT)', () => {
  const activity = async (query: string, token = links.logi.token) =>
    api(`/api/alliances/${links.id}/activity${query}`, { headers: { Authorization: `Bearer ${token}` } });

  it("ACT-1, ACT-3, ACT-4, ACT-5: any live link reads the activity, newest first, by partner and section, in pages", async () => {
    const mine = madeOn(logiDoc, (a) => a.castVote(seed.decision, links.logiId, 'yes', 'Bo'));
    expect(await send(links.logi.token, mine.update, docReaches(witness, () => holds(witness, mine.client), 'the vote at TechCo'))).toBeNull();
    const response = await activity('');
    expect(response.status).toBe(200);
    const page = (await response.json()) as ActivityPage;
    const newest = page.entries[0]!;
    expect(newest).toMatchObject({ linkId: links.logi.id, linkLabel: 'Bo', partnerId: links.logiId, placeCount: 1 });
    expect(newest.places).toEqual([{ kind: 'vote', decisionId: seed.decision, partnerId: links.logiId }]);
    expect(describeActivity(newest, new AllianceDocument(witness).snapshot())).toBe('LogiCorp (Bo) voted yes on Open the Lyon depot');
    const seqs = page.entries.map((e) => e.seq);
    expect([...seqs].sort((x, y) => y - x)).toEqual(seqs);
    const techOnly = (await (await activity(`?partnerId=${links.tech}`, links.green.token)).json()) as ActivityPage;
    expect(techOnly.entries.length).toBeGreaterThan(0);
    expect(techOnly.entries.every((e) => e.partnerId === links.tech)).toBe(true);
    const charter = (await (await activity('?section=charter&limit=100')).json()) as ActivityPage;
    expect(charter.entries.every((e) => e.places.some((p) => sectionOf(p) === 'charter'))).toBe(true);
    // LogiCorp's reply on the charter, in the method's words.
    const reply = charter.entries.find((e) => e.places.some((p) => p.kind === 'charterComment' && p.commentId === seed.logiComment));
    expect(describeActivity(reply!, new AllianceDocument(witness).snapshot())).toBe('LogiCorp (Bo) commented on the charter');
    const first = (await (await activity('?limit=2')).json()) as ActivityPage;
    expect(first.entries).toHaveLength(2);
    const second = (await (await activity(`?limit=2&before=${first.next}`)).json()) as ActivityPage;
    expect(second.entries[0]!.seq).toBeLessThan(first.entries[1]!.seq);
  });

  it('ACT-5: every query parameter is checked at the edge; the secret is any live link\'s', async () => {
    for (const query of ['?limit=0', '?limit=101', '?limit=1.5', '?before=-1', '?before=x', '?section=nowhere', '?partnerId=%2F%2F', '?other=1', '?limit=1&limit=2']) {
      const response = await activity(query);
      expect(response.status, query).toBe(400);
      expect(((await response.json()) as ApiErrorBody).error.code).toBe('bad_request');
    }
    expect((await activity('', 'not-a-secret-at-all-xxxxxxxx')).status).toBe(401);
    expect((await activity('', links.viewer.token)).status).toBe(200);
  });

  it('AUTH-14: an alliance registered with a partnerId binds its creator\'s link to it; a bad one is a 400', async () => {
    const bad = await api('/api/alliances', { method: 'POST', body: JSON.stringify({ partnerId: 'not/a/partner' }) });
    expect(bad.status).toBe(400);
  });
});

describe('authority: the relay refuses what a link may not write (corpus)', () => {
  const refusedClients: number[] = [];
  const survivors: Array<(a: AllianceDocument) => boolean> = [];

  it('AUTH-1: a view link writes nothing: its update is dropped without a refusal (as ever), never relayed', async () => {
    const made = madeOn(witness, (a) => a.charter().insert(0, [new Y.XmlText('viewer')]));
    expect(await send(links.viewer.token, made.update)).toBeNull();
    refusedClients.push(made.client);
  });

  for (const [index, item] of cases().entries()) {
    it(`${item.rule}, AUTH-14 (${index}): ${item.what} — refused alone and mixed, the allowed write accepted`, async () => {
      const by = item.by?.() ?? links.logi.token;
      const base = item.by ? witness : logiDoc;
      const alone = madeOn(base, item.forbidden);
      const refusal = await send(by, alone.update);
      expect(refusal, 'refused alone').not.toBeNull();
      expect(refusal!.code).toBe(CLOSE_CODES.refused);
      expect(refusal!.reason).toBe(REFUSED_CLOSE_REASON);
      expect(refusal!.refusal.rule).toMatch(/^AUTH-\d+$/);
      expect(refusal!.refusal.places.length).toBeGreaterThan(0);
      // Mixed: the allowed write and the forbidden one in one update, made on one copy.
      const mixed = madeOn(base, (a) => {
        item.allowed(a);
        item.forbidden(a);
      });
      expect((await send(by, mixed.update))?.code, 'refused mixed').toBe(CLOSE_CODES.refused);
      const allowed = madeOn(base, item.allowed);
      const atTechCo = docReaches(witness, () => holds(witness, allowed.client), 'the allowed write at TechCo');
      expect(await send(by, allowed.update, atTechCo), 'the allowed write').toBeNull();
      // Once TechCo's client has the allowed write, it has had every chance to receive the refused ones.
      await docReaches(logiDoc, () => holds(logiDoc, allowed.client), 'the allowed write at LogiCorp');
      expect(holds(witness, alone.client)).toBe(false);
      expect(holds(witness, mixed.client)).toBe(false);
      if (item.survives) expect(item.survives(new AllianceDocument(witness))).toBe(true);
      refusedClients.push(alone.client, mixed.client);
      if (item.survives) survives.push(item.survives);
    });
  }
  const survives = survivors;

  it('AUTH-14: after a restart the relay holds none of the refused updates and every accepted one', async () => {
    const expected = Y.encodeStateVector(witness);
    for (const p of providers.splice(0)) p.destroy();
    await relay.close();
    relay = await startRelay({ port: 0, dataDir, clientDir: null, log: () => {}, ...testStore.relayOptions() });
    const reader = new Y.Doc();
    await synced(provider(links.owner, reader));
    await docReaches(reader, () => Y.encodeStateVector(reader).length >= expected.length, 'the stored document');
    for (const client of refusedClients) expect(holds(reader, client)).toBe(false);
    expect(Y.decodeStateVector(Y.encodeStateVector(reader))).toEqual(Y.decodeStateVector(expected));
    for (const survive of survives) expect(survive(new AllianceDocument(reader))).toBe(true);
  });
});
