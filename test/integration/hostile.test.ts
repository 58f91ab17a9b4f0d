import type { ClientRequestArgs } from 'node:http';
import { connect, type NetConnectOpts, type Socket } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { CLOSE_CODES, isPermanentRefusal, type CreateAllianceResponse } from '@trellis/shared';
import { createMemoryStore } from '../../sync-server/src/index.ts';
import { EMPTY_STEP1, closed, docReaches, eventually, isStep2, nextFrame, opened, presenceShows, stillServed, synced, useRelay } from './relayHarness.ts';

const MAX_FRAME_BYTES = 1024 * 1024;
const MAX_SEND_BACKLOG_BYTES = 4 * MAX_FRAME_BYTES;
const harness = useRelay({ limits: { maxFrameBytes: MAX_FRAME_BYTES, maxSendBacklogBytes: MAX_SEND_BACKLOG_BYTES } });

let target: CreateAllianceResponse;
let viewToken: string;
let bystander: CreateAllianceResponse;

beforeAll(async () => {
  target = await harness.createAlliance({ name: 'Under attack' });
  viewToken = (await harness.createLink(target.id, target.token, 'view')).token;
  bystander = await harness.createAlliance({ name: 'Bystander' });
  const seed = new Y.Doc();
  const provider = harness.provider(target.id, target.token, seed);
  await synced(provider);
  seed.getText('charter').insert(0, 'intact');
  const check = new Y.Doc();
  const checker = harness.provider(target.id, target.token, check);
  await docReaches(check, () => check.getText('charter').toString() === 'intact', 'the seed text');
  provider.destroy();
  checker.destroy();
});

let bystanderRound = 0;
/** Another room is served: an edit there reaches a second client. */
async function bystanderServes(): Promise<void> {
  const a = new Y.Doc();
  const b = new Y.Doc();
  const pa = harness.provider(bystander.id, bystander.token, a);
  const pb = harness.provider(bystander.id, bystander.token, b);
  await Promise.all([synced(pa), synced(pb)]);
  const mark = `round ${++bystanderRound}`;
  a.getText('charter').insert(0, mark);
  await docReaches(b, () => b.getText('charter').toString().includes(mark), 'the bystander edit');
  pa.destroy();
  pb.destroy();
}

/** The target's document is what it was: nothing hostile reached it or the store. */
async function targetIntact(): Promise<void> {
  const doc = new Y.Doc();
  const provider = harness.provider(target.id, target.token, doc);
  await synced(provider);
  expect(doc.getText('charter').toString()).toBe('intact');
  expect(doc.getMap('meta').get('purpose')).toBeUndefined();
  provider.destroy();
}


/** A raw socket whose token the relay has accepted (it answered a sync step 1). */
async function authorised(token = target.token, allianceId = target.id): Promise<WebSocket> {
  const socket = harness.socket(`/sync/${allianceId}?token=${token}`);
  await opened(socket);
  await stillServed(socket);
  return socket;
}

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

const syncUpdate = (update: Uint8Array) =>
  frame((e) => {
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, 2);
    encoding.writeVarUint8Array(e, update);
  });

/** An update that would write `meta.purpose` into the target. */
function forgedUpdate(): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('meta').set('purpose', 'forged');
  return Y.encodeStateAsUpdate(doc);
}

async function refusedWith(bytes: Uint8Array | string, code: number): Promise<void> {
  const socket = await authorised();
  const closing = closed(socket);
  socket.send(bytes);
  expect((await closing).code).toBe(code);
  await bystanderServes();
}

describe('hostile frames: each closes only its own socket; other rooms are served during and after', () => {
  it('HOSTILE-1 an empty frame: 4400', () => refusedWith(new Uint8Array(), CLOSE_CODES.malformed));

  it('HOSTILE-2 a text frame: 4400', () => refusedWith('{"type":"sync"}', CLOSE_CODES.malformed));

  it('HOSTILE-3 an unknown message type and an auth message are ignored; the socket stays served', async () => {
    const socket = await authorised();
    socket.send(Uint8Array.of(77, 1, 2, 3));
    socket.send(Uint8Array.of(2, 0, 5));
    await stillServed(socket);
  });

  it('HOSTILE-4 a truncated update: 4400', async () => {
    const update = forgedUpdate();
    await refusedWith(syncUpdate(update.subarray(0, update.length - 3)), CLOSE_CODES.malformed);
  });

  it('HOSTILE-5 garbage inside a well-formed envelope (update and sync step 2): 4400', async () => {
    await refusedWith(syncUpdate(Uint8Array.of(5, 9, 200, 1, 0, 0, 3)), CLOSE_CODES.malformed);
    const step2 = frame((e) => {
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint8Array(e, Uint8Array.of(1, 1, 1, 0, 31, 0));
    });
    await refusedWith(step2, CLOSE_CODES.malformed);
  });

  it('HOSTILE-6 a length prefix claiming gigabytes: 4400', async () => {
    await refusedWith(Uint8Array.of(0, 2, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3), CLOSE_CODES.malformed);
    await refusedWith(Uint8Array.of(1, 0x80, 0x80, 0x80, 0x80, 0x08, 0), CLOSE_CODES.malformed);
  });

  it('HOSTILE-7 the v2 decoder bytes of yjs issue #687: refused at once with 4400', async () => {
    const issue687 = Buffer.from('00010000000001000100010200001602000001fdffffffff7f0000', 'hex');
    const started = Date.now();
    await refusedWith(syncUpdate(issue687), CLOSE_CODES.malformed);
    const v2 = new Y.Doc();
    v2.getMap('meta').set('purpose', 'forged');
    await refusedWith(syncUpdate(Y.encodeStateAsUpdateV2(v2)), CLOSE_CODES.malformed);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('HOSTILE-8 overlong varints: a view link cannot slip a write past the relay; a writer is decoded, not matched', async () => {
    const update = forgedUpdate();
    // Message type 0 as [0x80, 0x00], sync step 2 ("update") as [0x82, 0x00].
    const overlong = Uint8Array.of(0x80, 0x00, 0x82, 0x00, ...frame((e) => encoding.writeVarUint8Array(e, update)));
    const viewer = await authorised(viewToken);
    viewer.send(overlong);
    await stillServed(viewer);
    await targetIntact();

    // The same bytes from a writer are an ordinary update: applied and relayed.
    const watcherDoc = new Y.Doc();
    const watcher = harness.provider(target.id, target.token, watcherDoc);
    await synced(watcher);
    const writer = await authorised();
    writer.send(overlong);
    await docReaches(watcherDoc, () => watcherDoc.getMap('meta').get('purpose') === 'forged', 'the decoded update');
    // Undo it so that the target stays as seeded for the other cases.
    watcherDoc.getMap('meta').delete('purpose');
    await targetIntact();
  });

  it('HOSTILE-9 broken awareness JSON: 4400', async () => {
    const broken = frame((e) => {
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint8Array(
        e,
        frame((inner) => {
          encoding.writeVarUint(inner, 1);
          encoding.writeVarUint(inner, 12345);
          encoding.writeVarUint(inner, 1);
          encoding.writeVarString(inner, '{"user": {"name": ');
        }),
      );
    });
    await refusedWith(broken, CLOSE_CODES.malformed);
  });

  it("HOSTILE-10 awareness claiming another socket's client id is dropped; the owner's presence stands", async () => {
    const ownerDoc = new Y.Doc();
    const owner = harness.provider(target.id, target.token, ownerDoc);
    owner.awareness.setLocalStateField('user', { name: 'Ada' });
    const observer = harness.provider(target.id, target.token);
    await Promise.all([synced(owner), synced(observer)]);
    await presenceShows(observer.awareness, (s) => (s.user as { name?: string })?.name === 'Ada', 'Ada at the observer');

    // An impostor speaks for Ada's client id with a higher clock, and for a fresh id of its own.
    const impostorAwareness = new awarenessProtocol.Awareness(new Y.Doc());
    impostorAwareness.clientID = ownerDoc.clientID;
    impostorAwareness.setLocalState({ user: { name: 'Mallory as Ada' } });
    for (let i = 0; i < 5; i++) impostorAwareness.setLocalState({ user: { name: 'Mallory as Ada' }, i });
    const forged = awarenessProtocol.encodeAwarenessUpdate(impostorAwareness, [ownerDoc.clientID]);
    const ownState = frame((e) => {
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, 99_999);
      encoding.writeVarUint(e, 1);
      encoding.writeVarString(e, JSON.stringify({ user: { name: 'Mallory' } }));
    });
    const impostor = await authorised();
    const combined = frame((e) => {
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint8Array(e, Uint8Array.of(2, ...forged.subarray(1), ...ownState.subarray(1)));
    });
    impostor.send(combined);
    await presenceShows(observer.awareness, (s) => (s.user as { name?: string })?.name === 'Mallory', 'the impostor own id');
    const names = [...observer.awareness.getStates().values()].map((s) => (s.user as { name?: string })?.name);
    expect(names).toContain('Ada');
    expect(names).not.toContain('Mallory as Ada');
    impostorAwareness.destroy();
  });

  it('HOSTILE-11 a frame over the size cap closes that socket (1009), during and after another room is served', async () => {
    const socket = await authorised();
    const closing = closed(socket);
    socket.send(new Uint8Array(MAX_FRAME_BYTES + 1));
    await Promise.all([bystanderServes(), closing.then(({ code }) => expect(code).toBe(CLOSE_CODES.messageTooBig))]);
    await bystanderServes();
  });

  it('HOSTILE-12 a frame header claiming 2^63 bytes closes that socket only', async () => {
    // The TCP stream under a stock ws client, taken through http.request's public `createConnection` option.
    let raw: Socket | null = null;
    const socket = new WebSocket(`${harness.syncUrl}/${target.id}?token=${target.token}`, {
      // As ws's own: the request's `path` is the URL's, not a local socket's.
      createConnection: (options: ClientRequestArgs) => (raw = connect({ ...options, path: options.socketPath } as NetConnectOpts)),
    });
    await opened(socket);
    await stillServed(socket);
    const closing = closed(socket);
    if (raw === null) throw new Error('ws did not use the given connection');
    // FIN + binary, masked, 127 = 64-bit length follows: 0x7fff_ffff_ffff_ffff, then a mask key.
    (raw as Socket).write(Buffer.from([0x82, 0xff, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4]));
    expect((await closing).code).toBe(CLOSE_CODES.messageTooBig);
    await bystanderServes();
  });

  it('HOSTILE-13 over the rate limit: a burst of 1,000 passes, beyond it 1013', async () => {
    const socket = await authorised();
    // The step 1 of `authorised` took one token.
    for (let i = 0; i < 998; i++) socket.send(Uint8Array.of(77));
    await stillServed(socket);
    const closing = closed(socket);
    for (let i = 0; i < 300; i++) socket.send(Uint8Array.of(77));
    await Promise.all([bystanderServes(), closing.then(({ code }) => expect(code).toBe(CLOSE_CODES.tryAgainLater))]);
  });

  it('HOSTILE-14 random bytes (seeded) never stop the relay nor reach the document', async () => {
    let state = 20250101;
    const next = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 2 ** 32;
    };
    for (let round = 0; round < 30; round++) {
      const socket = await authorised();
      const closing = closed(socket, 10_000);
      for (let i = 0; i < 20 && socket.readyState === WebSocket.OPEN; i++) {
        const bytes = Uint8Array.from({ length: 1 + Math.floor(next() * 40) }, () => Math.floor(next() * 256));
        bytes[0] = Math.floor(next() * 4); // a known message type, so the decoders are exercised
        socket.send(bytes);
      }
      if (socket.readyState === WebSocket.OPEN) {
        // Whatever did not close it must leave it served; a refusal still on its way is a 4400.
        const outcome = await Promise.race([
          stillServed(socket).then(() => null),
          closing.then(({ code }) => code),
        ]);
        if (outcome !== null) expect(outcome, `seed round ${round}`).toBe(CLOSE_CODES.malformed);
        socket.terminate();
      } else {
        expect((await closing).code, `seed round ${round}`).toBe(CLOSE_CODES.malformed);
      }
    }
    await bystanderServes();
  });

  it('HOSTILE-16 a reader that stops reading is dropped once its backlog passes the limit; its room keeps flowing', async () => {
    const room = await harness.createAlliance({ name: 'Slow reader' });
    const stalled = await authorised(room.token, room.id);
    // It stops reading its TCP socket: what the relay sends it piles up in the kernel, then in the relay.
    stalled.pause();
    const healthy = await authorised(room.token, room.id);
    // Counted by content: the relay may merge the updates of one turn into one message.
    const seen = new Y.Doc();
    healthy.on('message', (data: Buffer) => {
      if (data[0] !== 0 || data[1] !== 2) return;
      const decoder = decoding.createDecoder(data);
      decoding.readVarUint(decoder);
      decoding.readVarUint(decoder);
      Y.applyUpdate(seen, decoding.readVarUint8Array(decoder));
    });
    const delivered = () => seen.getText('charter').length / 600_000;
    const writer = await authorised(room.token, room.id);
    const dropsBefore = harness.relay.metrics.refusals.get(CLOSE_CODES.tryAgainLater) ?? 0;
    const connectionsBefore = harness.relay.metrics.connections;
    // 40 updates of 600 KB: 24 MB, far more than the kernel holds for a socket plus the 4 MiB limit.
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    for (let i = 0; i < 40; i++) doc.getText('charter').insert(0, String.fromCharCode(97 + (i % 26)).repeat(600_000));
    for (const update of updates) writer.send(syncUpdate(update));
    await eventually(() => delivered() === 40, 'every update to reach the reader that reads', 20_000);
    await eventually(
      () => (harness.relay.metrics.refusals.get(CLOSE_CODES.tryAgainLater) ?? 0) === dropsBefore + 1,
      'the stalled reader to be dropped',
    );
    expect(harness.logs.some((line) => line.includes('send backlog over the limit'))).toBe(true);
    // Cut by the relay on its own, while the client still reads nothing: its backlog is given back.
    await eventually(() => harness.relay.metrics.connections === connectionsBefore - 1, 'the relay to let go of the socket');
    // Reading again, it finds the connection gone without a close frame (the stock client reconnects).
    const closing = closed(stalled, 10_000);
    stalled.resume();
    const { code } = await closing;
    expect(code).toBe(1006);
    expect(isPermanentRefusal(code)).toBe(false);
    // The document is now 24 MB, six times the limit: a client that asks for all of it gets it.
    await stillServed(writer);
    expect(harness.relay.metrics.refusals.get(CLOSE_CODES.tryAgainLater)).toBe(dropsBefore + 1);
    await bystanderServes();
  });

  it('SV-1 a state vector naming thousands of made-up clients is refused (4400); one with a device\'s few unknown clients is answered', async () => {
    const step1 = (clients: number) =>
      frame((e) => {
        encoding.writeVarUint(e, 0);
        encoding.writeVarUint(e, 0);
        const sv = encoding.createEncoder();
        encoding.writeVarUint(sv, clients);
        for (let i = 0; i < clients; i++) {
          encoding.writeVarUint(sv, 1_000_000 + i);
          encoding.writeVarUint(sv, 1);
        }
        encoding.writeVarUint8Array(e, encoding.toUint8Array(sv));
      });
    // At the bound (the alliance's own clients plus 1,000 unknown ones): a sync step 2.
    const honest = harness.socket(`/sync/${target.id}?token=${viewToken}`);
    await opened(honest);
    const answer = nextFrame(honest, isStep2);
    honest.send(step1(1_000));
    await answer;
    honest.close();
    // Far beyond it: refused before Yjs decodes it, and only that socket.
    const socket = harness.socket(`/sync/${target.id}?token=${viewToken}`);
    await opened(socket);
    const closing = closed(socket);
    socket.send(step1(50_000));
    expect((await closing).code).toBe(CLOSE_CODES.malformed);
    await bystanderServes();
  });

  it('HOSTILE-15 after all of it, the target document and its store are as seeded', async () => {
    await targetIntact();
  });
});

describe('before authorisation', () => {
  // The token lookup is async (the store interface is): frames sent meanwhile are queued, up to a cap.
  const store = createMemoryStore();
  const lookup = store.findLinkByTokenHash.bind(store);
  let hold = false;
  let release: () => void = () => {};
  store.findLinkByTokenHash = async (hash) => {
    if (hold) await new Promise<void>((resolve) => (release = resolve));
    return lookup(hash);
  };
  const slow = useRelay({ store, limits: { maxUnauthorisedQueueBytes: 64 * 1024 } });

  it('QUEUE-1 a socket may queue only a bounded amount before it is authorised: 4413 beyond it', async () => {
    const alliance = await slow.createAlliance();
    hold = true;
    const socket = slow.socket(`/sync/${alliance.id}?token=${alliance.token}`);
    await opened(socket);
    const closing = closed(socket);
    for (let i = 0; i < 80; i++) socket.send(new Uint8Array(1024).fill(77));
    expect((await closing).code).toBe(CLOSE_CODES.tooLarge);
    hold = false;
    release();
  });

  it('QUEUE-2 frames queued under the cap are handled in order once the socket is authorised', async () => {
    const alliance = await slow.createAlliance();
    hold = true;
    const socket = slow.socket(`/sync/${alliance.id}?token=${alliance.token}`);
    await opened(socket);
    const doc = new Y.Doc();
    doc.getText('charter').insert(0, 'queued before authorisation');
    socket.send(syncUpdate(Y.encodeStateAsUpdate(doc)));
    const answer = nextFrame(socket, isStep2);
    socket.send(EMPTY_STEP1);
    hold = false;
    release();
    const reply = await answer;
    const replica = new Y.Doc();
    const decoder = decoding.createDecoder(reply);
    decoding.readVarUint(decoder);
    decoding.readVarUint(decoder);
    Y.applyUpdate(replica, decoding.readVarUint8Array(decoder));
    expect(replica.getText('charter').toString()).toBe('queued before authorisation');
  });
});
