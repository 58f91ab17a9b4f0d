/**
 * The stock client of the 20,000-edit loads, in a process of its own. Applying the answer is most
 * of a load; done in the bench's own process, whose heap by then held the fan-out's and the memory
 * test's leftovers, the same load's time varied severalfold and a whole figure flipped from better
 * than the baseline to worse from one bench to the next (reports/bench.md, notes). Here the heap
 * holds only the loads, one at a time.
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';

export type LoadRequest =
  | { type: 'warm'; state: Uint8Array }
  | { type: 'load'; port: number; room: string; token: string | undefined; expected: string };
export type LoadReply =
  | { type: 'ready' }
  | { type: 'warmed' }
  | { type: 'loaded'; ms: number }
  | { type: 'failed'; error: string };

/** A load that takes longer has failed (the relay never answered); the bench reports it. */
const LOAD_TIMEOUT_MS = 30_000;

const reply = (message: LoadReply) => process.send!(message);

async function load(request: Extract<LoadRequest, { type: 'load' }>): Promise<LoadReply> {
  const doc = new Y.Doc();
  const started = performance.now();
  const provider = new WebsocketProvider(`ws://127.0.0.1:${request.port}/sync`, request.room, doc, {
    params: request.token ? { token: request.token } : {},
    disableBc: true,
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
  });
  let timer: NodeJS.Timeout | undefined;
  const synced = await Promise.race([
    new Promise<boolean>((resolve) => provider.once('sync', () => resolve(true))),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), LOAD_TIMEOUT_MS))),
  ]);
  clearTimeout(timer);
  const ms = performance.now() - started;
  if (!synced) {
    provider.destroy();
    return { type: 'failed', error: `no full content after ${LOAD_TIMEOUT_MS} ms` };
  }
  const complete = doc.getText('charter').toString() === request.expected;
  provider.destroy();
  doc.destroy();
  return complete ? { type: 'loaded', ms } : { type: 'failed', error: 'incomplete content' };
}

process.on('message', (request: LoadRequest) => {
  if (request.type === 'warm') {
    // Yjs's decoder compiled before the first measured load, whichever relay that is.
    for (let i = 0; i < 3; i++) Y.applyUpdate(new Y.Doc(), request.state);
    reply({ type: 'warmed' });
    return;
  }
  load(request).then(reply, (error: unknown) => reply({ type: 'failed', error: String(error) }));
});
// The bench gone, nobody is left to ask.
process.on('disconnect', () => process.exit(0));
reply({ type: 'ready' });
