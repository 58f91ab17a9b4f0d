/**
 * Suggest mode for the charter editor (SUG-1 .. SUG-6): while it is on, this person's typing and deleting become
 * suggestions in their partner's name, as `insertion` and `deletion` marks, instead of edits.
 *
 * The transform rewrites each local transaction before it is applied (Tiptap's `dispatchTransaction` hook): text
 * typed or pasted is inserted and marked as this author's insertion; text deleted is marked as this author's deletion
 * and stays, unless it is this author's own pending insertion, which is really removed. Only the positions the
 * transaction touches are read, so typing stays as fast as without suggestions. Remote changes (y-sync) and undo
 * pass through untouched: they are already what some peer decided.
 */
import { Extension, Mark, mergeAttributes } from '@tiptap/core';
import { Plugin, TextSelection, type EditorState, type Transaction } from '@tiptap/pm/state';
import { Fragment, Slice, type Mark as PMMark, type MarkType, type Node as PMNode, type Schema } from '@tiptap/pm/model';
import { ReplaceStep, type Step } from '@tiptap/pm/transform';
import { newSuggestionId, readSuggestionAttrs, type SuggestionKind, type SuggestionMarkAttrs } from '@trellis/shared';

/** Meta on a transaction that settles suggestions (accept, reject): it is applied as it is, never re-suggested. */
export const SETTLING = 'trellis:settling-suggestion';

/** The y-sync plugin's meta (y-tiptap's `ySyncPluginKey`): a change that came from the Yjs document or its undo. */
const Y_SYNC = 'y-sync$';

function suggestionMark(kind: SuggestionKind, tag: 'ins' | 'del', colorOf: (by: string) => string) {
  return Mark.create({
    name: kind,
    // Typing right after someone's suggestion with suggest mode off is plain text, not part of their proposal.
    inclusive: false,
    excludes: kind,
    addAttributes() {
      return {
        id: { default: null, rendered: false },
        by: { default: null, rendered: false },
      };
    },
    parseHTML() {
      // Pasted suggestions become plain text (see `stripSuggestions`); nothing is parsed as one.
      return [];
    },
    renderHTML({ mark, HTMLAttributes }) {
      const attrs = readSuggestionAttrs(mark.attrs);
      return [tag, mergeAttributes(HTMLAttributes, {
        class: `suggestion suggestion-${kind}`,
        'data-suggestion': attrs?.id ?? '',
        'data-by': attrs?.by ?? '',
        style: `--suggestion-color: ${colorOf(attrs?.by ?? '')}`,
      }), 0];
    },
  });
}

/** The two suggestion marks, drawn in their author's colour. */
export function suggestionMarks(colorOf: (by: string) => string) {
  return [suggestionMark('insertion', 'ins', colorOf), suggestionMark('deletion', 'del', colorOf)];
}

export interface SuggestOptions {
  /** Whether this person is suggesting right now. */
  enabled: () => boolean;
  /** The author this device suggests as (`suggestionAuthor`), or null when it may not write. */
  author: () => string | null;
}

/** The extension that turns this person's edits into suggestions while suggest mode is on. */
export function suggestChanges(options: SuggestOptions) {
  return Extension.create({
    name: 'suggestChanges',
    dispatchTransaction({ transaction, next }) {
      const by = options.author();
      if (by === null || !options.enabled() || !shouldSuggest(transaction)) return next(transaction);
      next(suggestTransaction(this.editor.state, transaction, by) ?? transaction);
    },
    addProseMirrorPlugins() {
      return [new Plugin({ props: { transformPasted: (slice) => stripSuggestions(slice) } })];
    },
  });
}

/** Whether a transaction is this person's own edit: not a remote change, an undo, or a settling. */
export function shouldSuggest(tr: Transaction): boolean {
  if (!tr.docChanged || tr.getMeta(SETTLING)) return false;
  const ySync = tr.getMeta(Y_SYNC) as { isChangeOrigin?: boolean; isUndoRedoOperation?: boolean } | undefined;
  return !ySync?.isChangeOrigin && !ySync?.isUndoRedoOperation;
}

function types(schema: Schema): { insertion: MarkType; deletion: MarkType } {
  const insertion = schema.marks['insertion'];
  const deletion = schema.marks['deletion'];
  if (!insertion || !deletion) throw new Error('The charter schema has no suggestion marks.');
  return { insertion, deletion };
}

/** A copied passage never carries someone's suggestion into a paste: the pasted words are the paster's own. */
export function stripSuggestions(slice: Slice): Slice {
  const strip = (fragment: Fragment): Fragment => {
    const nodes: PMNode[] = [];
    fragment.forEach((node) => {
      const marks = node.marks.filter((m) => m.type.name !== 'insertion' && m.type.name !== 'deletion');
      nodes.push(node.isText ? node.mark(marks) : node.copy(strip(node.content)).mark(marks));
    });
    return Fragment.from(nodes);
  };
  return new Slice(strip(slice.content), slice.openStart, slice.openEnd);
}

function attrsOf(mark: PMMark | undefined | null): SuggestionMarkAttrs | null {
  return mark ? readSuggestionAttrs(mark.attrs) : null;
}

/** This author's suggestion of `type` touching position `pos` (just before or after it), to continue it. */
function adjacentId(doc: PMNode, pos: number, type: MarkType, by: string): string | null {
  const $pos = doc.resolve(pos);
  for (const node of [$pos.nodeBefore, $pos.nodeAfter]) {
    const attrs = attrsOf(node ? type.isInSet(node.marks) : null);
    if (attrs && attrs.by === by) return attrs.id;
  }
  return null;
}

/** Maps a position of step `index`'s document back to the first one, then forward through the suggesting transaction. */
function rebase(pos: number, before: readonly Step[], tracked: Transaction): number {
  let mapped = pos;
  for (let i = before.length - 1; i >= 0; i--) mapped = before[i]!.getMap().invert().map(mapped);
  return tracked.mapping.map(mapped);
}

/**
 * The transaction that suggests what `original` would have done, or null when it holds steps other than text
 * replacements (list and structure changes, formatting): those apply as they are, as edits (SUG-5).
 */
export function suggestTransaction(state: EditorState, original: Transaction, by: string): Transaction | null {
  if (!original.steps.every((step) => step instanceof ReplaceStep)) return null;
  const { insertion, deletion } = types(state.schema);
  const tr = state.tr;
  const wasCollapsed = state.selection.empty;
  const head = state.selection.head;
  let cursor: number | null = null;
  original.steps.forEach((raw, index) => {
    const step = raw as ReplaceStep & { from: number; to: number; slice: Slice };
    const before = original.steps.slice(0, index);
    let from = rebase(step.from, before, tr);
    let to = rebase(step.to, before, tr);
    let landing: number | null = null;
    const id = adjacentId(tr.doc, from, deletion, by) ?? adjacentId(tr.doc, to, deletion, by) ?? adjacentId(tr.doc, to, insertion, by) ?? newSuggestionId();
    if (from < to) {
      // This author's own pending insertions are really removed; everything else is marked as deleted.
      const own: Array<[number, number]> = [];
      let words = false;
      tr.doc.nodesBetween(from, to, (node, pos) => {
        if (!node.isInline) return true;
        words = true;
        if (attrsOf(insertion.isInSet(node.marks))?.by === by) own.push([Math.max(pos, from), Math.min(pos + node.nodeSize, to)]);
        return false;
      });
      if (!words && step.slice.content.size === 0) {
        // No words, only structure (Backspace joining two paragraphs, a rule removed): an edit, as it is (SUG-5).
        tr.replace(from, to, step.slice);
        cursor = from;
        return;
      }
      const first = tr.steps.length;
      for (const [a, b] of own.reverse()) tr.delete(a, b);
      const removed = tr.mapping.slice(first);
      from = removed.map(from, 1);
      to = Math.max(from, removed.map(to, -1));
      tr.doc.nodesBetween(from, to, (node, pos) => {
        if (!node.isInline) return true;
        if (!deletion.isInSet(node.marks)) tr.addMark(Math.max(pos, from), Math.min(pos + node.nodeSize, to), deletion.create({ id, by }));
        return false;
      });
      // Backspace moves left over the struck words, Delete moves right; a selection's words stay before the cursor.
      landing = wasCollapsed && head !== step.from ? from : to;
    }
    if (step.slice.content.size > 0) {
      // A replacement's new words follow the words it strikes.
      const at = landing ?? to;
      const size = tr.doc.content.size;
      tr.replace(at, at, step.slice);
      const end = at + (tr.doc.content.size - size);
      tr.removeMark(at, end, deletion);
      tr.addMark(at, end, insertion.create({ id, by }));
      landing = end;
    }
    if (landing !== null) cursor = landing;
  });
  if (tr.steps.length === 0 && cursor === null) return null;
  if (cursor !== null) tr.setSelection(TextSelection.near(tr.doc.resolve(Math.min(cursor, tr.doc.content.size))));
  for (const key of ['uiEvent', 'paste', 'addToHistory'] as const) {
    const value: unknown = original.getMeta(key);
    if (value !== undefined) tr.setMeta(key, value);
  }
  if (original.scrolledIntoView) tr.scrollIntoView();
  return tr;
}

/** What settling does to one suggestion's words: keep them as plain text, or remove them. */
type Settle = 'accept' | 'reject';

/**
 * The transaction that accepts or rejects every suggestion `chosen` picks (SUG-2, SUG-3): accepting keeps inserted
 * words as plain text and removes deleted ones; rejecting (or withdrawing) removes inserted words and keeps deleted
 * ones. Null when there is nothing to settle. It reads the whole text once: a click, not a keystroke.
 */
export function settleSuggestions(state: EditorState, chosen: (attrs: SuggestionMarkAttrs) => boolean, how: Settle): Transaction | null {
  const { insertion, deletion } = types(state.schema);
  const unmark: Array<[number, number, MarkType]> = [];
  const remove: Array<[number, number]> = [];
  state.doc.descendants((node, pos) => {
    if (!node.isInline) return true;
    for (const type of [insertion, deletion]) {
      const attrs = attrsOf(type.isInSet(node.marks));
      if (!attrs || !chosen(attrs)) continue;
      const drops = (type === insertion) === (how === 'reject');
      if (drops) remove.push([pos, pos + node.nodeSize]);
      else unmark.push([pos, pos + node.nodeSize, type]);
    }
    return false;
  });
  if (unmark.length === 0 && remove.length === 0) return null;
  const tr = state.tr.setMeta(SETTLING, true);
  for (const [from, to, type] of unmark) tr.removeMark(from, to, type);
  // From the end backwards, so earlier positions still hold; neighbouring runs are one deletion.
  const merged: Array<[number, number]> = [];
  for (const [from, to] of remove) {
    const last = merged[merged.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  for (const [from, to] of merged.reverse()) tr.delete(from, to);
  // A paragraph whose every word goes (a paragraph suggested away, or one suggested in and rejected) goes with them,
  // so that settling leaves no empty paragraphs behind; the charter keeps one (the schema fills it back).
  const emptied = new Set(remove.map(([from]) => from));
  const gone: number[] = [];
  state.doc.forEach((block, offset) => {
    if (!block.isTextblock || block.childCount === 0) return;
    let all = true;
    block.forEach((child, at) => {
      if (!emptied.has(offset + 1 + at)) all = false;
    });
    if (all) gone.push(offset);
  });
  for (const offset of gone.reverse()) {
    const from = tr.mapping.map(offset, 1);
    const block = tr.doc.nodeAt(from);
    if (block && block.content.size === 0) tr.delete(from, from + block.nodeSize);
  }
  return tr;
}

/** The text's runs with their suggestion marks, for the list (`collectSuggestions`). */
export function suggestionRuns(doc: PMNode): Array<{ text: string; insertion: SuggestionMarkAttrs | null; deletion: SuggestionMarkAttrs | null }> {
  const { insertion, deletion } = types(doc.type.schema);
  const runs: Array<{ text: string; insertion: SuggestionMarkAttrs | null; deletion: SuggestionMarkAttrs | null }> = [];
  doc.descendants((node) => {
    if (node.isTextblock) runs.push({ text: '\n', insertion: null, deletion: null });
    if (!node.isInline) return true;
    runs.push({ text: node.text ?? ' ', insertion: attrsOf(insertion.isInSet(node.marks)), deletion: attrsOf(deletion.isInSet(node.marks)) });
    return false;
  });
  return runs;
}

/** Where a suggestion's words are: from its first marked position to its last, or null when it is gone. */
export function suggestionRange(doc: PMNode, suggestion: SuggestionMarkAttrs): { from: number; to: number } | null {
  const { insertion, deletion } = types(doc.type.schema);
  let from = -1;
  let to = -1;
  doc.descendants((node, pos) => {
    if (!node.isInline) return true;
    for (const type of [insertion, deletion]) {
      const attrs = attrsOf(type.isInSet(node.marks));
      if (attrs && attrs.id === suggestion.id && attrs.by === suggestion.by) {
        if (from < 0) from = pos;
        to = pos + node.nodeSize;
      }
    }
    return false;
  });
  return from < 0 ? null : { from, to };
}
