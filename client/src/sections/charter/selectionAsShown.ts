/**
 * Keys act where the person sees the caret. ProseMirror leaves arrow keys, Home and End to the browser and reads the
 * moved caret on the next `selectionchange` event, which the browser may deliver after the next key: "→ then Enter"
 * pressed quickly after selecting a passage replaced the passage with a new paragraph, because Enter still acted on
 * the selection. So before any key is handled, ProseMirror is told the selection may have changed, and reads it then.
 *
 * The event, not a reading of our own: ProseMirror's own reading knows what it must not take from the browser
 * (a selection inside a thread drawn in the text, a node or whole-document selection it drew itself) and does nothing
 * when the browser's selection is the one it last set.
 */
import { Extension } from '@tiptap/core';
import { Plugin } from '@tiptap/pm/state';

export const selectionAsShown = Extension.create({
  name: 'selectionAsShown',
  // Ahead of every keymap, so Enter, Backspace and the marks' shortcuts see the caret as shown.
  priority: 10_000,
  addProseMirrorPlugins() {
    return [
      new Plugin({
        props: {
          handleKeyDown(view, event) {
            // 229: a key that is part of an input method's composition, which ProseMirror reads by itself.
            if (event.keyCode !== 229 && !view.composing) view.dom.ownerDocument.dispatchEvent(new Event('selectionchange'));
            return false;
          },
        },
      }),
    ];
  },
});
