import type * as Y from 'yjs';

/** How long typing pauses before what follows the text's passages is worked out again. */
export const TYPING_PAUSE_MS = 300;

/**
 * Calls back when the charter's text has settled enough to place the comments' passages again: just after a deletion
 * (a passage may be gone) or a change from elsewhere, once typing here pauses. Working out 200 threads' passages at
 * every keystroke cost more than a frame. Returns the function that stops it.
 */
export function onTextSettled(fragment: Y.XmlFragment, settled: () => void, options: { remote: boolean }): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const onText = (_events: unknown, transaction: Y.Transaction) => {
    if (!transaction.local && !options.remote) return;
    if (timer) clearTimeout(timer);
    const atOnce = !transaction.local || transaction.deleteSet.clients.size > 0;
    timer = setTimeout(
      () => {
        timer = null;
        settled();
      },
      atOnce ? 0 : TYPING_PAUSE_MS,
    );
  };
  fragment.observeDeep(onText);
  return () => {
    fragment.unobserveDeep(onText);
    if (timer) clearTimeout(timer);
  };
}
