import { describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import * as syncProtocol from 'y-protocols/sync';
import * as decoding from 'lib0/decoding';
import { CLOSE_CODES, type CreateAllianceResponse, type CreateLinkResponse } from '@trellis/shared';
import { contentDigest } from '../../sync-server/src/snapshotCheck.ts';
import { useChildRelays, type ChildRelay } from '../integration/childRelay.ts';
import { docReaches, synced, updateFrame, withTimeout } from '../integration/relayHarness.ts';
import { honestEdit, mutate, seededRandom } from './mutations.ts';

/**
 * FUZZ-1: the whole path a writer's update takes — the frame reader, the update reader, the
 * readiness check, Yjs's apply, the store, compaction on unload, the reload after a restart — over
 * mutated real updates, against the relay as `npm start` runs it (a child process, so a crash or a
 * hang is the relay's, not the test's). Each case must be answered (refused, held or applied)
 * within its time budget; after every round the room is unloaded (compacted) and read back, and
 * what a new client receives must be what the relay relayed: the same clocks, deletions and content.
 *
 * 5,000 cases in `npm test`; `TRELLIS_EXTENSIVE=1` (npm run test:extensive) runs 100,000.
 */
const EXTENSIVE = process.env.TRELLIS_EXTENSIVE === '1';
const CASES = Number(process.env.TRELLIS_FUZZ_CASES ?? (EXTENSIVE ? 100_000 : 5_000));
const ROUND = 500;
const RESTART_EVERY_ROUNDS = 2;
const CASE_BUDGET_MS = 5_000;
const SEED = Number(process.env.TRELLIS_SEED ?? 20261128);

const relays = useChildRelays();

const EMPTY_STEP1 = Uint8Array.of(0, 0, 1, 0);

async function post<T>(url: string, path: string, body: unknown, token?: string): Promise<T> {
  const response = await fetch(url + path, {
    method: 'POST',
    headers: token ? { Authorization: `Bearer ${token}` } : {},
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function metric(relay: ChildRelay, name: string): Promise<number> {
  const text = await (await fetch(`${relay.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : NaN;
}

/** A writer's raw socket; each case is sent on it and answered before the next. */
class Writer {
  private socket: WebSocket | null = null;
  closes = new Map<number, number>();

  constructor(
    private readonly relay: () => ChildRelay,
    private readonly alliance: CreateAllianceResponse,
  ) {}

  private async open(): Promise<WebSocket> {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) return this.socket;
    const socket = new WebSocket(`${this.relay().url.replace(/^http/, 'ws')}/sync/${this.alliance.id}?token=${this.alliance.token}`);
    socket.on('error', () => {});
    socket.on('close', (code) => this.closes.set(code, (this.closes.get(code) ?? 0) + 1));
    await withTimeout(new Promise<void>((resolve) => socket.once('open', () => resolve())), CASE_BUDGET_MS, 'the writer to connect');
    this.socket = socket;
    return socket;
  }

  /** Sends one update, then a sync step 1: resolves when the relay answers it or closes the socket. */
  async send(update: Uint8Array, what: string): Promise<'answered' | number> {
    const socket = await this.open();
    const outcome = new Promise<'answered' | number>((resolve) => {
      const onMessage = (data: Buffer) => {
        if (data[0] === 0 && data[1] === 1) done('answered');
      };
      const onClose = (code: number) => done(code);
      const done = (value: 'answered' | number) => {
        socket.off('message', onMessage);
        socket.off('close', onClose);
        resolve(value);
      };
      socket.on('message', onMessage);
      socket.on('close', onClose);
    });
    socket.send(updateFrame(update));
    socket.send(EMPTY_STEP1);
    return withTimeout(outcome, CASE_BUDGET_MS, `the relay to answer ${what}`);
  }

  close(): void {
    this.socket?.terminate();
    this.socket = null;
  }
}

/** The update a relay's message carries (sync step 2 or update), or null for any other message. */
function syncUpdateIn(message: Uint8Array): Uint8Array | null {
  const decoder = decoding.createDecoder(message);
  if (decoding.readVarUint(decoder) !== 0) return null;
  const kind = decoding.readVarUint(decoder);
  return kind === syncProtocol.messageYjsSyncStep2 || kind === syncProtocol.messageYjsUpdate ? decoding.readVarUint8Array(decoder) : null;
}

/** Which clients' clocks differ between two copies, which deletions one holds and the other does not, and their content. */
function stateGap(a: Y.Doc, b: Y.Doc): string {
  const left = Y.decodeStateVector(Y.encodeStateVector(a));
  const right = Y.decodeStateVector(Y.encodeStateVector(b));
  const clients = new Set([...left.keys(), ...right.keys()]);
  const differing = [...clients].filter((client) => left.get(client) !== right.get(client)).map((client) => `${client}: ${left.get(client) ?? 0} vs ${right.get(client) ?? 0}`);
  const deleted = (doc: Y.Doc) => {
    const ids = new Set<string>();
    Y.snapshot(doc).ds.clients.forEach((ranges, client) => {
      for (const range of ranges) for (let clock = range.clock; clock < range.clock + range.len; clock++) ids.add(`${client}:${clock}`);
    });
    return ids;
  };
  const [da, db] = [deleted(a), deleted(b)];
  const only = (x: Set<string>, y: Set<string>) => [...x].filter((id) => !y.has(id)).slice(0, 12).join(' ');
  return `clocks differing (observer vs live): [${differing.join(', ')}]; deleted only in the observer: [${only(da, db)}]; only in the live copy: [${only(db, da)}]; same content: ${contentDigest(a) === contentDigest(b)}`;
}

describe('the update path under mutated real updates', () => {
  it(`FUZZ-1 ${CASES} mutated updates: no crash, no hang, and every snapshot reads back as what was relayed`, { timeout: EXTENSIVE ? 4 * 3_600_000 : 300_000 }, async () => {
    let relay = await relays.start();
    const started = [relay];
    const current = () => relay;
    const alliance = await post<CreateAllianceResponse>(relay.url, '/api/alliances', { name: 'Fuzzed' });
    const bystanderAlliance = await post<CreateAllianceResponse>(relay.url, '/api/alliances', { name: 'Bystander' });
    const view = await post<CreateLinkResponse>(relay.url, `/api/alliances/${alliance.id}/links`, { role: 'view', label: 'observer' }, alliance.token);

    /**
     * What the relay sent each reader, as its document integrated it; what each reader's document wrote by itself, and
     * how its sockets closed. After a remote change Yjs cleans up redundant formatting in a transaction of its own, on
     * every copy: a reader's document can hold deletions the relay never had (a view link's writes are dropped,
     * ROLE-1), and copies that took the same updates in other batches clean up differently. So what two readers were
     * sent is compared as two copies loaded from it the same way, one merged update each.
     */
    const received = new WeakMap<Y.Doc, Uint8Array[]>();
    const ownWrites = new WeakMap<Y.Doc, number>();
    const closeCodes = new WeakMap<Y.Doc, number[]>();
    const connect = (doc: Y.Doc, target: CreateAllianceResponse | { id: string; token: string }) => {
      const provider = new WebsocketProvider(`${relay.url.replace(/^http/, 'ws')}/sync`, target.id, doc, {
        params: { token: target.token },
        disableBc: true,
        connect: true,
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      });
      doc.on('update', (_update: Uint8Array, origin: unknown) => {
        if (origin !== provider) ownWrites.set(doc, (ownWrites.get(doc) ?? 0) + 1);
      });
      // The relay's updates as they came, from each socket the provider opens (what its document integrates would
      // leave out one that its own clean-up had already made).
      provider.on('status', ({ status }: { status: string }) => {
        if (status !== 'connected' || provider.ws === null) return;
        provider.ws.addEventListener('message', (event: MessageEvent) => {
          const update = syncUpdateIn(new Uint8Array(event.data as ArrayBuffer));
          if (update !== null) received.set(doc, [...(received.get(doc) ?? []), update]);
        });
      });
      provider.on('connection-close', (event: { code: number } | null) => closeCodes.set(doc, [...(closeCodes.get(doc) ?? []), event?.code ?? 0]));
      return provider;
    };
    const asSent = (doc: Y.Doc) => {
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.mergeUpdates(received.get(doc) ?? []));
      return copy;
    };
    const ownActivity = (doc: Y.Doc) => `wrote by itself ${ownWrites.get(doc) ?? 0} times, sockets closed with [${(closeCodes.get(doc) ?? []).join(', ')}]`;

    // The observer is sent exactly what the relay relays (a view link: what its document writes by itself is dropped).
    let observed = new Y.Doc();
    let observer = connect(observed, { id: alliance.id, token: view.token });
    await synced(observer);
    const writer = new Writer(current, alliance);
    const next = seededRandom(SEED);
    const outcomes = { answered: 0, closed: 0 };
    let previous = honestEdit(Y.encodeStateAsUpdate(observed), next);

    const readBack = async (round: number) => {
      writer.close();
      // The last updates relayed may still be on their way to the observer: it must reach what a
      // client now gets from the live relay (if the relay kept something it never relayed, it won't).
      const live = new Y.Doc();
      const liveReader = connect(live, { id: alliance.id, token: view.token });
      await synced(liveReader);
      const sameState = () => {
        const [sentObserver, sentLive] = [asSent(observed), asSent(live)];
        return (
          Buffer.compare(Buffer.from(Y.encodeStateVector(sentObserver)), Buffer.from(Y.encodeStateVector(sentLive))) === 0 &&
          Y.equalSnapshots(Y.snapshot(sentObserver), Y.snapshot(sentLive))
        );
      };
      // A slow machine may take a while; what differs is said if it never comes (a relay keeping what it did not relay).
      await docReaches(observed, sameState, `round ${round}: the observer to hold all the live relay holds`, 15_000).catch((error: Error) => {
        throw new Error(`${error.message} (seed ${SEED}; observer connected: ${observer.wsconnected}; observer ${ownActivity(observed)}; live reader ${ownActivity(live)}; as sent: ${stateGap(asSent(observed), asSent(live))}; as held: ${stateGap(observed, live)}; the relay's last lines: ${relay.output.slice(-12).join(' | ')})`);
      });
      liveReader.destroy();
      live.destroy();
      observer.destroy();
      await vi.waitFor(async () => expect(await metric(relay, 'trellis_rooms'), `round ${round}: the room to unload (compacted)`).toBe(0), {
        timeout: 30_000,
        interval: 20,
      });
      if (round % RESTART_EVERY_ROUNDS === 0) {
        relay.child.kill('SIGTERM');
        expect(await relay.exited, `round ${round}: a clean stop`).toBe(0);
        relay = await relays.start();
        started.push(relay);
      }
      const fresh = new Y.Doc();
      const reader = connect(fresh, { id: alliance.id, token: view.token });
      await synced(reader, 10_000);
      // What a new client gets after compaction (and a restart) is what the relay had relayed.
      const [sentFresh, sentObserver] = [asSent(fresh), asSent(observed)];
      expect(Y.encodeStateVector(sentFresh), `round ${round}: state vector (seed ${SEED})`).toEqual(Y.encodeStateVector(sentObserver));
      expect(Y.equalSnapshots(Y.snapshot(sentFresh), Y.snapshot(sentObserver)), `round ${round}: delete set (seed ${SEED})`).toBe(true);
      expect(contentDigest(sentFresh), `round ${round}: content (seed ${SEED})`).toBe(contentDigest(sentObserver));
      reader.destroy();
      // Another alliance is served.
      const a = new Y.Doc();
      const b = new Y.Doc();
      const pa = connect(a, bystanderAlliance);
      const pb = connect(b, bystanderAlliance);
      await Promise.all([synced(pa), synced(pb)]);
      a.getText('charter').insert(0, `${round};`);
      await docReaches(b, () => b.getText('charter').toString().includes(`${round};`), `round ${round}: the bystander's edit`);
      pa.destroy();
      pb.destroy();
      observed.destroy();
      observed = fresh;
      observer = connect(observed, { id: alliance.id, token: view.token });
      await synced(observer);
    };

    // The relay's state as last seen, refreshed every few cases: an edit built on an older state
    // still builds only on what the relay has, and encoding a grown document per case would make
    // the extensive run quadratic.
    let state = Y.encodeStateAsUpdate(observed);
    for (let i = 1; i <= CASES; i++) {
      if (i % 25 === 0) state = Y.encodeStateAsUpdate(observed);
      const fresh = honestEdit(state, next);
      const mutated = mutate(fresh, next() < 0.5 ? previous : state, next);
      previous = fresh;
      const outcome = await writer.send(mutated, `case ${i} (seed ${SEED})`);
      if (outcome === 'answered') outcomes.answered += 1;
      else {
        outcomes.closed += 1;
        expect([CLOSE_CODES.malformed, CLOSE_CODES.tryAgainLater, CLOSE_CODES.refused], `case ${i} closed with ${outcome}`).toContain(outcome);
      }
      if (i % ROUND === 0) {
        await readBack(i / ROUND);
        if (EXTENSIVE) console.log(`FUZZ-1 seed ${SEED}: ${i} of ${CASES} cases, every read-back equal`);
      }
    }

    // Yjs never threw on an update the checks let through (each would have rebuilt the room).
    const logged = started.flatMap((child) => child.output).join('\n');
    expect(logged.match(/failed to integrate/g) ?? [], 'updates that made Yjs throw').toEqual([]);
    expect(await metric(relay, 'trellis_compactions_refused_total')).toBe(0);
    expect(await metric(relay, 'trellis_alliances_quarantined_total')).toBe(0);
    expect(relay.child.exitCode).toBeNull();
    // Both halves of the path were exercised: cases refused and cases applied.
    expect(outcomes.closed).toBeGreaterThan(CASES / 10);
    expect(outcomes.answered).toBeGreaterThan(CASES / 10);
    observer.destroy();
    writer.close();
    console.log(`FUZZ-1 seed ${SEED}: ${CASES} cases, ${outcomes.answered} answered, refusals by code`, Object.fromEntries(writer.closes));
  });
});
