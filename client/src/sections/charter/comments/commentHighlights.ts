/**
 * Comments in the charter editor, through Tiptap's public extension API: a ProseMirror plugin that highlights each
 * open thread's passage in its author's partner colour and places the threads of each paragraph beside it (a laptop's
 * margin, outside the editable text: marginThreads.ts) or under it (a phone, as widget decorations). Nothing is written
 * into the shared text: the passages are the threads' Yjs relative positions (CMT-2), turned into editor positions with
 * y-tiptap's own helpers.
 */
import { Extension, type Editor } from '@tiptap/core';
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { decodePosition, encodePosition, passages, type CommentThread } from '@trellis/shared';
import type { ChosenPassage } from './charterComments.svelte.ts';
import type { MarginGroup } from './marginThreads.ts';

/** What the plugin reads each time it draws: the threads, how wide the screen is, and how to render a paragraph's threads. */
export interface HighlightSource {
  threads(): readonly CommentThread[];
  colorOf(thread: CommentThread): string;
  /** True on a laptop: threads sit in the margin beside their paragraph; false: under it. */
  wide(): boolean;
  /** Renders the threads of one paragraph into `target`; returns the function that removes them. */
  mount(target: HTMLElement, threadIds: readonly string[]): () => void;
  /** The paragraphs with threads for the margin, each time they change (none on a phone, where they are inline). */
  margin(groups: readonly MarginGroup[]): void;
}

/** The highlights, and on a laptop the paragraphs whose threads the margin shows. */
interface Drawn {
  set: DecorationSet;
  groups: readonly MarginGroup[];
}

const NOTHING: Drawn = { set: DecorationSet.empty, groups: [] };
const key = new PluginKey<Drawn>('charterComments');
/** A transaction meta that asks the plugin to draw again (threads or the screen's width changed). */
const REDRAW = 'charterComments/redraw';

/** The Yjs side of the editor, read from y-tiptap's public plugin state; null before it is bound. */
function binding(state: EditorState): { doc: Y.Doc; type: Y.XmlFragment; mapping: Map<unknown, unknown> } | null {
  const sync = ySyncPluginKey.getState(state) as { doc?: Y.Doc; type?: Y.XmlFragment; binding?: { mapping: Map<unknown, unknown> } } | undefined;
  if (!sync?.doc || !sync.type || !sync.binding) return null;
  return { doc: sync.doc, type: sync.type, mapping: sync.binding.mapping };
}

/** Where each thread's passage is in the editor now; deleted passages are left out (they are shown apart). */
export function passageRanges(state: EditorState, threads: readonly CommentThread[]): Map<string, { from: number; to: number }> {
  const out = new Map<string, { from: number; to: number }>();
  const bound = binding(state);
  if (!bound) return out;
  const alive = passages(bound.type, threads);
  for (const thread of threads) {
    if (alive.get(thread.id)?.deleted !== false) continue;
    const fromPos = decodePosition(thread.from);
    const toPos = decodePosition(thread.to);
    if (!fromPos || !toPos) continue;
    const from = relativePositionToAbsolutePosition(bound.doc, bound.type, fromPos, bound.mapping as never);
    const to = relativePositionToAbsolutePosition(bound.doc, bound.type, toPos, bound.mapping as never);
    if (from === null || to === null || to <= from || to > state.doc.content.size) continue;
    out.set(thread.id, { from, to });
  }
  return out;
}

/** The passage selected in the editor, as a thread's anchors; null when nothing is selected. */
export function chosenPassage(editor: Editor): ChosenPassage | null {
  const { state } = editor;
  const { from, to, empty } = state.selection;
  const bound = binding(state);
  if (empty || !bound) return null;
  const quote = state.doc.textBetween(from, to, ' ', ' ').trim();
  if (quote === '') return null;
  const start = absolutePositionToRelativePosition(from, bound.type, bound.mapping as never) as Y.RelativePosition;
  const endRight = absolutePositionToRelativePosition(to, bound.type, bound.mapping as never) as Y.RelativePosition;
  // The end associates with the passage's last character, so words typed right after it stay outside it (CMT-2).
  const end = Y.createAbsolutePositionFromRelativePosition(endRight, bound.doc);
  const endLeft = end ? Y.createRelativePositionFromTypeIndex(end.type, end.index, -1) : endRight;
  return { from: encodePosition(start), to: encodePosition(endLeft), quote };
}

function decorations(state: EditorState, source: HighlightSource): Drawn {
  const threads = source.threads();
  if (threads.length === 0) return NOTHING;
  const ranges = passageRanges(state, threads);
  const wide = source.wide();
  const found: Decoration[] = [];
  // The threads of each top-level block (paragraph, heading, list), in the order they were opened.
  const byBlock = new Map<number, string[]>();
  for (const thread of threads) {
    const range = ranges.get(thread.id);
    if (!range) continue;
    if (!thread.resolved) {
      const color = source.colorOf(thread);
      found.push(
        Decoration.inline(range.from, range.to, {
          class: 'comment-passage',
          style: `--passage-color: ${color}`,
          'data-thread': thread.id,
        }),
      );
    }
    const block = state.doc.resolve(range.from).index(0);
    const list = byBlock.get(block);
    if (list) list.push(thread.id);
    else byBlock.set(block, [thread.id]);
  }
  const groups: MarginGroup[] = [];
  let pos = 0;
  for (let index = 0; index < state.doc.childCount; index++) {
    const size = state.doc.child(index).nodeSize;
    const ids = byBlock.get(index);
    if (ids && wide) groups.push({ key: ids.join(','), pos, ids });
    else if (ids) {
      // On a phone the threads follow their paragraph.
      found.push(
        Decoration.widget(
          pos + size,
          () => {
            const target = document.createElement('div');
            target.className = 'comment-threads inline';
            target.contentEditable = 'false';
            const unmount = source.mount(target, ids);
            (target as HTMLElement & { unmountThreads?: () => void }).unmountThreads = unmount;
            return target;
          },
          {
            side: 1,
            key: `threads:${ids.join(',')}`,
            // The thread's own controls (reply, edit, resolve) are theirs, not the editor's.
            stopEvent: () => true,
            ignoreSelection: true,
            destroy: (node) => (node as HTMLElement & { unmountThreads?: () => void }).unmountThreads?.(),
          },
        ),
      );
    }
    pos += size;
  }
  return { set: DecorationSet.create(state.doc, found), groups };
}

/** The extension; `redraw(editor)` asks it to draw again when threads or the screen's width change. */
export function commentHighlights(source: HighlightSource) {
  return Extension.create({
    name: 'charterComments',
    addProseMirrorPlugins() {
      return [
        new Plugin<Drawn>({
          key,
          state: {
            init: (_, state) => decorations(state, source),
            // A remote change arrives with the Yjs text already changed: draw from it. A local edit reaches the Yjs text
            // only after this transaction: the decorations follow it by mapping, and are drawn again right after.
            apply: (tr, old, _oldState, state) => {
              if (tr.getMeta(REDRAW) || (tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin) return decorations(state, source);
              if (!tr.docChanged) return old;
              return { set: old.set.map(tr.mapping, tr.doc), groups: old.groups.map((group) => ({ ...group, pos: tr.mapping.map(group.pos, 1) })) };
            },
          },
          props: {
            decorations: (state) => key.getState(state)?.set,
          },
          view: (view) => {
            let shown: readonly MarginGroup[] | null = null;
            const update = () => {
              const groups = key.getState(view.state)?.groups ?? [];
              if (groups === shown) return;
              shown = groups;
              source.margin(groups);
            };
            update();
            return { update, destroy: () => source.margin([]) };
          },
        }),
      ];
    },
  });
}

export function redraw(editor: Editor): void {
  if (!editor.isDestroyed) editor.view.dispatch(editor.state.tr.setMeta(REDRAW, true).setMeta('addToHistory', false));
}
