import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { AllianceDocument, decisionOutcome, describeActivity, expectedEffect, MESSAGE_TYPES, type ActivityPage, type CreateAllianceResponse, type CreateLinkResponse } from '@trellis/shared';
import { startRelay, type RunningRelay } from '../../sync-server/src/index.ts';
import { docReaches, nextFrame, opened, synced, updateFrame } from './relayHarness.ts';

/**
 * AUTH-15 through a real relay and stock clients: two honest partners acting concurrently (one offline, or both
 * before syncing) never produce an update the relay refuses, and every replica reads what the method says.
 */
const DAY = 86_400_000;

let relay: RunningRelay;
let dataDir = '';
const providers: WebsocketProvider[] = [];
let allianceId = '';
let owner = '';
let logiLink: CreateLinkResponse;
let greenLink: CreateLinkResponse;
const ids = { tech: '', logi: '', green: '' };
/** Each partner's live copy: TechCo's owner, LogiCorp's and Green's edit links. */
const docs = { tech: new Y.Doc(), logi: new Y.Doc(), green: new Y.Doc() };

const syncUrl = () => relay.url.replace(/^http/, 'ws') + '/sync';
function provider(token: string, doc: Y.Doc): WebsocketProvider {
  const made = new WebsocketProvider(syncUrl(), allianceId, doc, { params: { token }, disableBc: true, WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket });
  providers.push(made);
  return made;
}
async function makeLink(label: string, partnerId: string): Promise<CreateLinkResponse> {
  const response = await fetch(`${relay.url}/api/alliances/${allianceId}/links`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${owner}` },
    body: JSON.stringify({ role: 'edit', label, partnerId }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as CreateLinkResponse;
}

/** A copy of `doc` as it is now: a device that goes offline, or has not synced yet. */
function stale(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

/** The update `write` makes on `copy`, as its client would send it. */
function madeOn(copy: Y.Doc, write: (alliance: AllianceDocument) => void): { update: Uint8Array; client: number } {
  const updates: Uint8Array[] = [];
  copy.on('update', (update: Uint8Array) => updates.push(update));
  write(new AllianceDocument(copy));
  return { update: Y.mergeUpdates(updates), client: copy.clientID };
}

const holds = (doc: Y.Doc, client: number) => Y.decodeStateVector(Y.encodeStateVector(doc)).has(client);

/** Sends `made` on a raw socket of `token`; it must be admitted: no refusal, and every partner's copy receives it. */
async function admitted(token: string, made: { update: Uint8Array; client: number }): Promise<void> {
  const socket = new WebSocket(`${syncUrl()}/${allianceId}?token=${token}`);
  socket.on('error', () => {});
  await opened(socket);
  const refusal = nextFrame(socket, (frame) => frame[0] === MESSAGE_TYPES.refused, 2_000).then(() => 'refused', () => null);
  socket.send(updateFrame(made.update));
  for (const [name, doc] of Object.entries(docs)) await docReaches(doc, () => holds(doc, made.client), `the update at ${name}`);
  expect(await refusal).toBeNull();
  socket.terminate();
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'trellis-races-'));
  relay = await startRelay({ port: 0, dataDir, clientDir: null, log: () => {} });
  const alliance = AllianceDocument.create(docs.tech, { name: 'Harbour', mode: 'full', partners: [{ name: 'TechCo' }, { name: 'LogiCorp' }, { name: 'Green' }] });
  [ids.tech, ids.logi, ids.green] = alliance.snapshot().partners.map((p) => p.id) as [string, string, string];
  const created = (await (await fetch(`${relay.url}/api/alliances`, { method: 'POST', body: JSON.stringify({ name: 'Harbour', partnerId: ids.tech }) })).json()) as CreateAllianceResponse;
  allianceId = created.id;
  owner = created.token;
  logiLink = await makeLink('Bo', ids.logi);
  greenLink = await makeLink('Cy', ids.green);
  await synced(provider(owner, docs.tech));
  await synced(provider(logiLink.token, docs.logi));
  await synced(provider(greenLink.token, docs.green));
  await docReaches(docs.green, () => new AllianceDocument(docs.green).snapshot().partners.length === 3, 'the alliance at Green');
}, 30_000);

afterAll(async () => {
  for (const p of providers) p.destroy();
  await relay?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('AUTH-15: honest races admitted, relayed and read as the method says (AUTH-3, AUTH-4, AUTH-8)', () => {
  const tech = () => new AllianceDocument(docs.tech);
  const reaches = (doc: Y.Doc, check: (a: AllianceDocument) => boolean, what: string) => docReaches(doc, () => check(new AllianceDocument(doc)), what);

  it('AUTH-3, GOV-14: a vote cast on a copy from before the decision was withdrawn is kept, relayed, and counts for nothing', async () => {
    const d = tech().proposeDecision({ title: 'Rent a crane', category: 'execution', deadline: Date.now() + 7 * DAY, createdBy: 'Ana', proposerId: ids.tech });
    await reaches(docs.logi, (a) => a.decision(d.id) !== null, 'the proposal at LogiCorp');
    const offline = stale(docs.logi);
    tech().withdrawDecision(d.id);
    await reaches(docs.logi, (a) => a.decision(d.id)?.status === 'withdrawn', 'the withdrawal at LogiCorp');
    await admitted(logiLink.token, madeOn(offline, (a) => a.castVote(d.id, ids.logi, 'yes', 'Bo')));
    const there = tech().decision(d.id)!;
    expect(there.status).toBe('withdrawn');
    expect(there.votes[ids.logi]?.choice).toBe('yes');
    expect(expectedEffect(d.id, tech().snapshot(), Date.now() + 30 * DAY)).toBeNull();
  });

  it('AUTH-8, COMMIT-4, TRUST-8, ACT-2: two partners marking one commitment at once both keep their word; it reads as the first mark everywhere', async () => {
    const c = tech().addCommitment({ partnerId: ids.tech, text: 'Share the fleet data', dueAt: Date.now() + DAY });
    const open = (a: AllianceDocument) => a.snapshot().commitments.find((x) => x.id === c.id)?.status === 'open';
    await reaches(docs.logi, open, 'the commitment at LogiCorp');
    await reaches(docs.green, open, 'the commitment at Green');
    const [logiOffline, greenOffline] = [stale(docs.logi), stale(docs.green)];
    await admitted(greenLink.token, madeOn(greenOffline, (a) => a.resolveCommitment(c.id, 'missed', 'Cy', ids.green)));
    await admitted(logiLink.token, madeOn(logiOffline, (a) => a.resolveCommitment(c.id, 'delivered', 'Bo', ids.logi)));
    const entries = docs.tech.getArray<{ id: string; at: number; kind: string; commitmentId: string | null }>('trust').toArray().filter((e) => e.commitmentId === c.id);
    expect(entries).toHaveLength(2);
    const first = entries.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1))[0]!;
    const status = first.kind === 'deadline-missed' ? 'missed' : 'delivered';
    for (const doc of Object.values(docs)) expect(new AllianceDocument(doc).snapshot().commitments.find((x) => x.id === c.id)?.status).toBe(status);
    // The trust account counts the commitment once, as it reads (TRUST-8).
    expect(tech().snapshot().trust.filter((e) => e.commitmentId === c.id).map((e) => e.id)).toEqual([first.id]);
    // Who marked it, in the activity log (ACT-2).
    const page = (await (await fetch(`${relay.url}/api/alliances/${allianceId}/activity?limit=2`, { headers: { Authorization: `Bearer ${owner}` } })).json()) as ActivityPage;
    expect(page.entries.map((e) => describeActivity(e, tech().snapshot()))).toEqual([
      "LogiCorp (Bo) marked TechCo's commitment: Share the fleet data",
      "Green (Cy) marked TechCo's commitment: Share the fleet data",
    ]);
  });

  it('AUTH-4, GOV-13: a reword concurrent with the first vote is admitted; the vote answers the words it saw and waits for a new one', async () => {
    const d = tech().proposeDecision({ title: 'Open the Lyon depot', category: 'execution', deadline: Date.now() + 7 * DAY, createdBy: 'Ana', proposerId: ids.tech });
    await reaches(docs.logi, (a) => a.decision(d.id) !== null, 'the proposal at LogiCorp');
    const techOffline = stale(docs.tech);
    await admitted(logiLink.token, madeOn(stale(docs.logi), (a) => a.castVote(d.id, ids.logi, 'yes', 'Bo')));
    await admitted(owner, madeOn(techOffline, (a) => a.rewordDecision(d.id, { title: 'Close the Lyon depot' })));
    const there = new AllianceDocument(docs.green).snapshot();
    const decision = there.decisions.find((x) => x.id === d.id)!;
    expect(decision.title).toBe('Close the Lyon depot');
    expect(decision.votes[ids.logi]?.choice).toBe('yes');
    expect(decisionOutcome(decision, there.partners, there.governance, Date.now()).earlierWordingVotes).toEqual([ids.logi]);
  });

  it('AUTH-4, DEC-7: a withdrawal and its undo sent as one update (a reconnect) are admitted and leave the decision open', async () => {
    const d = tech().proposeDecision({ title: 'Hire a driver', category: 'execution', deadline: Date.now() + 7 * DAY, createdBy: 'Ana', proposerId: ids.tech });
    await reaches(docs.green, (a) => a.decision(d.id) !== null, 'the proposal at Green');
    await admitted(owner, madeOn(stale(docs.tech), (a) => {
      a.withdrawDecision(d.id);
      a.reopenDecision(d.id);
    }));
    expect(new AllianceDocument(docs.green).decision(d.id)?.status).toBe('open');
  });

  it('AUTH-15, CHG-8: two sessions applying one passed change at once are both admitted; every replica reads it applied once', async () => {
    const d = tech().proposeChange({ change: { kind: 'operational-time-limit', days: 21 }, category: 'execution', deadline: Date.now() + 7 * DAY, createdBy: 'Ana', proposerId: ids.tech });
    await reaches(docs.logi, (a) => a.decision(d.id) !== null, 'the proposal at LogiCorp');
    tech().castVote(d.id, ids.tech, 'yes', 'Ana');
    new AllianceDocument(docs.logi).castVote(d.id, ids.logi, 'yes', 'Bo');
    const bothVotes = (a: AllianceDocument) => Object.keys(a.decision(d.id)?.votes ?? {}).length === 2;
    await reaches(docs.green, bothVotes, 'both votes at Green');
    await reaches(docs.logi, bothVotes, 'both votes at LogiCorp');
    const [greenSynced, logiSynced] = [stale(docs.green), stale(docs.logi)];
    await admitted(greenLink.token, madeOn(greenSynced, (a) => a.applyPassedDecision(d.id)));
    await admitted(logiLink.token, madeOn(logiSynced, (a) => a.applyPassedDecision(d.id)));
    for (const doc of Object.values(docs)) {
      const a = new AllianceDocument(doc);
      expect(a.governance().operationalTimeLimitDays).toBe(21);
      expect(a.decision(d.id)).toMatchObject({ status: 'decided', outcome: 'passed' });
    }
  });

  it('GOV-15, AUTH-15: a close racing its proposer\'s withdrawal is admitted; the close wins on every replica', async () => {
    const d = tech().proposeDecision({ title: 'Lease a warehouse', category: 'execution', deadline: Date.now() + 7 * DAY, createdBy: 'Ana', proposerId: ids.tech });
    await reaches(docs.logi, (a) => a.decision(d.id) !== null, 'the proposal at LogiCorp');
    await reaches(docs.green, (a) => a.decision(d.id) !== null, 'the proposal at Green');
    // TechCo's device, offline before anyone voted, withdraws it; meanwhile the votes decide it and Green closes it.
    const techOffline = stale(docs.tech);
    new AllianceDocument(docs.logi).castVote(d.id, ids.logi, 'yes', 'Bo');
    new AllianceDocument(docs.green).castVote(d.id, ids.green, 'yes', 'Cy');
    await reaches(docs.green, (a) => Object.keys(a.decision(d.id)?.votes ?? {}).length === 2, 'both votes at Green');
    const greenSynced = stale(docs.green);
    await admitted(owner, madeOn(techOffline, (a) => a.withdrawDecision(d.id)));
    await admitted(greenLink.token, madeOn(greenSynced, (a) => a.recordOutcome(d.id, 'passed')));
    for (const doc of Object.values(docs)) expect(new AllianceDocument(doc).decision(d.id)).toMatchObject({ status: 'decided', outcome: 'passed' });
  });
});
