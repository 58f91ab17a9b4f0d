/**
 * Keys act where the person sees the caret. ProseMirror leaves arrow keys, Home and End to the browser and reads the
 * moved caret on the next `selectionchange` event, which the browser may deliver after the next key: "→ then Enter"
 * pressed quickly after selecting a passage replaced the passage with a new paragraph, because Enter still acted on
 * the selection. So before any key is handled, the editor takes the browser's selection when the two differ.
 */
import { Extension } from '@tiptap/core';
import { Plugin, TextSelection } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';

/** Sets the editor's selection to the one the browser shows, when that one is in the text and differs. */
export function adoptShownSelection(view: EditorView): void {
  const { selection } = view.state;
  // Node and whole-document selections are drawn by ProseMirror itself, not read back from the browser.
  if (!(selection instanceof TextSelection) || view.composing || !view.hasFocus()) return;
  const shown = view.dom.ownerDocument.getSelection();
  if (!shown?.anchorNode || !shown.focusNode || !view.dom.contains(shown.anchorNode) || !view.dom.contains(shown.focusNode)) return;
  let anchor: number;
  let head: number;
  try {
    anchor = view.posAtDOM(shown.anchorNode, shown.anchorOffset);
    head = view.posAtDOM(shown.focusNode, shown.focusOffset);
  } catch {
    return; // a point ProseMirror cannot place (inside a widget): it keeps its own selection
  }
  if (anchor === selection.anchor && head === selection.head) return;
  const { doc } = view.state;
  const size = doc.content.size;
  if (anchor < 0 || head < 0 || anchor > size || head > size) return;
  const next = TextSelection.between(doc.resolve(anchor), doc.resolve(head));
  if (!next.eq(selection)) view.dispatch(view.state.tr.setSelection(next));
}

export const selectionAsShown = Extension.create({
  name: 'selectionAsShown',
  // Ahead of every keymap, so Enter, Backspace and the marks' shortcuts see the caret as shown.
  priority: 10_000,
  addProseMirrorPlugins() {
    return [
      new Plugin({
        props: {
          handleKeyDown(view, event) {
            if (event.keyCode !== 229) adoptShownSelection(view); // 229: a key that is part of a composition
            return false;
          },
        },
      }),
    ];
  },
});
