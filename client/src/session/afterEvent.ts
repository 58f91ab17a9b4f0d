/**
 * Runs `write` once, in a microtask, however often it is asked before then.
 * Libraries call back at any moment, even while Svelte is removing a screen: a focused editor's blur fires as its
 * DOM goes, and ProseMirror and y-protocols answer it synchronously. Writing reactive state there is an error
 * (state_unsafe_mutation), so their callbacks write through this, after Svelte's own work.
 */
export function afterEvent(write: () => void): { schedule(): void; cancel(): void } {
  let scheduled = false;
  let cancelled = false;
  return {
    schedule() {
      if (scheduled || cancelled) return;
      scheduled = true;
      queueMicrotask(() => {
        scheduled = false;
        if (!cancelled) write();
      });
    },
    cancel() {
      cancelled = true;
    },
  };
}
