import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import type { CharterVersionKind } from '@trellis/shared';

/** How long without a local edit of the charter counts as a pause, after which a version is kept (HIST-3). */
export const EDITING_PAUSE_MS = 2 * 60_000;

export interface CharterVersionKeeperInput {
  charter: Y.XmlFragment;
  awareness: Awareness;
  /** Keeps a version now (the document takes an automatic one only if the text changed since the latest). */
  keep: (kind: Extract<CharterVersionKind, 'pause' | 'partner-left'>) => void;
  pauseMs?: number;
  timers?: { set: (run: () => void, ms: number) => unknown; clear: (handle: unknown) => void };
}

/**
 * Keeps automatic versions of the charter at the meaningful points (HIST-3): after a pause in this person's own
 * editing, and when someone leaves. Only this copy's own edits start the pause, so the person who wrote is the one
 * whose copy keeps the version; when someone leaves, only the copy with the lowest id among those still here keeps
 * it, so that the partners still here do not all keep the same text at once. Returns the stop function.
 */
export function keepCharterVersions(input: CharterVersionKeeperInput): () => void {
  const pauseMs = input.pauseMs ?? EDITING_PAUSE_MS;
  const timers = input.timers ?? { set: (run, ms) => setTimeout(run, ms), clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>) };
  let pending: unknown = null;

  const onCharter = (_events: unknown, transaction: Y.Transaction) => {
    if (!transaction.local) return;
    if (pending !== null) timers.clear(pending);
    pending = timers.set(() => {
      pending = null;
      input.keep('pause');
    }, pauseMs);
  };
  const onAwareness = ({ removed }: { removed: number[] }) => {
    const { awareness } = input;
    if (removed.every((id) => id === awareness.clientID)) return;
    const here = [...awareness.getStates().keys()];
    if (here.some((id) => id < awareness.clientID)) return;
    input.keep('partner-left');
  };
  input.charter.observeDeep(onCharter);
  input.awareness.on('change', onAwareness);
  return () => {
    if (pending !== null) timers.clear(pending);
    pending = null;
    input.charter.unobserveDeep(onCharter);
    input.awareness.off('change', onAwareness);
  };
}
