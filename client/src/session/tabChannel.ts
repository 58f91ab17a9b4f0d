import * as Y from 'yjs';
import { errorMessage } from './errorMessage.ts';

/**
 * What tabs of one browser say to each other about one alliance. A tab that opens asks with its state vector; a tab
 * that hears it answers with what the asker lacks and its own state vector, and the asker answers that with what
 * the other lacks (usually nothing, so nothing is sent). After that each edit goes to the other tabs as it is made.
 */
type TabMessage =
  | { kind: 'ask'; from: string; stateVector: Uint8Array }
  /** To the tab `to` only: what it lacks, and (to an ask) this tab's state vector, for what this tab lacks. */
  | { kind: 'answer'; from: string; to: string; update: Uint8Array; stateVector: Uint8Array | null }
  | { kind: 'update'; from: string; update: Uint8Array };

/** An empty Yjs update (no structs, no deletions): nothing to send. */
const EMPTY_UPDATE_BYTES = 2;

/**
 * Shares an alliance's edits between the tabs of this browser that hold it open, offline too, over a
 * BroadcastChannel; the relay is not involved. y-websocket's own channel (turned off) sends each tab's whole
 * document on every connection, and every other open tab decodes it; here a tab sends only what another lacks.
 * Returns the origin its updates are applied with (an edit made in another tab) and the function that stops sharing.
 */
export function shareBetweenTabs(doc: Y.Doc, allianceId: string, onRejected: (reason: string) => void = () => {}): { origin: object; stop: () => void } {
  const origin = { tabChannel: allianceId };
  if (typeof BroadcastChannel !== 'function') return { origin, stop: () => {} };
  const channel = new BroadcastChannel(`trellis-tabs:${allianceId}`);
  // Names this tab in answers; not a secret.
  const me = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  const post = (message: TabMessage) => channel.postMessage(message);
  const apply = (update: Uint8Array) => {
    if (update.byteLength <= EMPTY_UPDATE_BYTES) return;
    try {
      Y.applyUpdate(doc, update, origin);
    } catch (error) {
      // Another tab runs another build of the app, or its message was damaged: this copy keeps what it has.
      onRejected(errorMessage(error));
    }
  };
  /** What the tab that sent `stateVector` lacks, or null when its state vector does not read. */
  const missingFor = (stateVector: Uint8Array): Uint8Array | null => {
    try {
      return Y.encodeStateAsUpdate(doc, stateVector);
    } catch (error) {
      onRejected(errorMessage(error));
      return null;
    }
  };
  channel.onmessage = (event: MessageEvent<unknown>) => {
    const message = tabMessage(event.data);
    if (message === null) return onRejected('a message from another tab that is not one of Trellis’s');
    if (message.kind === 'update') return apply(message.update);
    if (message.kind === 'ask') {
      const update = missingFor(message.stateVector);
      if (update) post({ kind: 'answer', from: me, to: message.from, update, stateVector: Y.encodeStateVector(doc) });
      return;
    }
    if (message.to !== me) return;
    apply(message.update);
    if (message.stateVector === null) return;
    const missing = missingFor(message.stateVector);
    if (missing && missing.byteLength > EMPTY_UPDATE_BYTES) post({ kind: 'answer', from: me, to: message.from, update: missing, stateVector: null });
  };
  const onUpdate = (update: Uint8Array, from: unknown) => {
    if (from !== origin) post({ kind: 'update', from: me, update });
  };
  doc.on('update', onUpdate);
  post({ kind: 'ask', from: me, stateVector: Y.encodeStateVector(doc) });
  return {
    origin,
    stop: () => {
      doc.off('update', onUpdate);
      channel.close();
    },
  };
}

/** A message as another tab sent it, or null when it is not one (every field checked: the edge of this tab). */
function tabMessage(data: unknown): TabMessage | null {
  if (typeof data !== 'object' || data === null) return null;
  const message = data as Record<string, unknown>;
  const bytes = (value: unknown): value is Uint8Array => value instanceof Uint8Array;
  const { kind, from, to, update, stateVector } = message;
  if (typeof from !== 'string') return null;
  if (kind === 'ask' && bytes(stateVector)) return { kind, from, stateVector };
  if (kind === 'update' && bytes(update)) return { kind, from, update };
  if (kind === 'answer' && typeof to === 'string' && bytes(update) && (stateVector === null || bytes(stateVector))) return { kind, from, to, update, stateVector };
  return null;
}
