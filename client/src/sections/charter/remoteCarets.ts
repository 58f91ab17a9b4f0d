import type { Awareness } from 'y-protocols/awareness';

type Listener = (changes: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => void;

/**
 * The awareness as the editor's caret plugin sees it: the changes that reach another person's state, and this copy's
 * own only while the plugin shows none of the carets other people have placed. The plugin draws other people's
 * carets, never this copy's own, yet it answers every awareness change with an extra editor transaction, and this
 * copy's own caret changes on every key. It also hides every caret after a local change to the text's blocks until
 * an awareness change comes: then this copy's next move draws them again. Everything else is the awareness itself.
 */
export function remoteCarets(awareness: Awareness, caretsShown: () => number) {
  const wrapped = new Map<Listener, Listener>();
  const own = (id: number) => id === awareness.clientID;
  const othersPlaced = () => {
    for (const [id, state] of awareness.getStates()) if (!own(id) && state['cursor'] != null) return true;
    return false;
  };
  return {
    get clientID() {
      return awareness.clientID;
    },
    get states() {
      return awareness.states;
    },
    getStates: () => awareness.getStates(),
    getLocalState: () => awareness.getLocalState(),
    setLocalStateField: (field: string, value: unknown) => awareness.setLocalStateField(field, value),
    on(event: 'change' | 'update', listener: Listener): void {
      if (event !== 'change') return awareness.on(event, listener);
      const forOthers: Listener = (changes, origin) => {
        const mineOnly = changes.added.every(own) && changes.updated.every(own) && changes.removed.every(own);
        if (!mineOnly || (othersPlaced() && caretsShown() === 0)) listener(changes, origin);
      };
      wrapped.set(listener, forOthers);
      awareness.on('change', forOthers);
    },
    off(event: 'change' | 'update', listener: Listener): void {
      if (event !== 'change') return awareness.off(event, listener);
      const forOthers = wrapped.get(listener);
      wrapped.delete(listener);
      if (forOthers) awareness.off('change', forOthers);
    },
  };
}
