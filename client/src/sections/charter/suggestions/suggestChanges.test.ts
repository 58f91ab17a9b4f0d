import { describe, expect, it } from 'vitest';
import { getSchema } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { EditorState, TextSelection, type Transaction } from '@tiptap/pm/state';
import { collectSuggestions } from '@trellis/shared';
import { settleSuggestions, shouldSuggest, stripSuggestions, suggestionMarks, suggestionRuns, suggestTransaction, SETTLING } from './suggestChanges.ts';
import { Slice } from '@tiptap/pm/model';

const schema = getSchema([StarterKit.configure({ undoRedo: false, link: false }), ...suggestionMarks(() => '#000')]);

function charter(...paragraphs: string[]): EditorState {
  const doc = schema.node('doc', null, paragraphs.map((text) => schema.node('paragraph', null, text ? [schema.text(text)] : [])));
  return EditorState.create({ schema, doc });
}

/** Applies what `edit` would do, as `by` suggesting it. */
function suggest(state: EditorState, by: string, edit: (tr: Transaction) => Transaction): EditorState {
  const original = edit(state.tr);
  const tracked = suggestTransaction(state, original, by);
  return state.apply(tracked ?? original);
}

const at = (state: EditorState, pos: number, to = pos) => state.apply(state.tr.setSelection(TextSelection.create(state.doc, pos, to)));
const list = (state: EditorState) => collectSuggestions(suggestionRuns(state.doc));

describe('suggest mode in the charter editor', () => {
  it('SUG-1: typed words are inserted as the author\'s suggestion, deleted words stay struck in its name', () => {
    let state = at(charter('Notice: 90 days.'), 9);
    state = suggest(state, 'logi', (tr) => tr.insertText('120 or '));
    state = suggest(state, 'logi', (tr) => tr.insertText('x'));
    expect(state.doc.textContent).toBe('Notice: 120 or x90 days.');
    // Backspace twice over its own typing really removes it; then over the old text, it strikes it.
    state = suggest(state, 'logi', (tr) => tr.delete(state.selection.head - 1, state.selection.head));
    expect(state.doc.textContent).toBe('Notice: 120 or 90 days.');
    state = at(state, state.doc.textContent.indexOf('days') + 1 + 4);
    for (let i = 0; i < 5; i++) state = suggest(state, 'logi', (tr) => tr.delete(state.selection.head - 1, state.selection.head));
    expect(state.doc.textContent).toBe('Notice: 120 or 90 days.');
    const suggestions = list(state);
    expect(suggestions).toEqual([
      { id: expect.any(String), by: 'logi', inserted: '120 or ', deleted: '', before: 'Notice: ' },
      { id: expect.any(String), by: 'logi', inserted: '', deleted: ' days', before: 'Notice: 120 or 90' },
    ]);
    // Each keystroke continued its suggestion: two ids, not one per letter.
    expect(new Set(suggestions.map((s) => s.id)).size).toBe(2);
  });

  it('SUG-1: typing over a selection is one replacement; Delete moves forward over the struck words', () => {
    let state = at(charter('Notice: 90 days.'), 9, 11);
    state = suggest(state, 'tech', (tr) => tr.insertText('60'));
    expect(state.doc.textContent).toBe('Notice: 9060 days.');
    expect(list(state)).toEqual([{ id: expect.any(String), by: 'tech', inserted: '60', deleted: '90', before: 'Notice: ' }]);
    state = at(state, 1);
    state = suggest(state, 'tech', (tr) => tr.delete(1, 2));
    expect(state.selection.head).toBe(2);
    state = suggest(state, 'tech', (tr) => tr.delete(2, 3));
    expect(list(state)[0]).toMatchObject({ by: 'tech', deleted: 'No' });
    // Typed inside struck words, the new words are an insertion only, never struck themselves.
    state = at(state, 10);
    state = suggest(state, 'tech', (tr) => tr.insertText('x'));
    expect(suggestionRuns(state.doc).find((run) => run.text === 'x')).toEqual({ text: 'x', insertion: expect.objectContaining({ by: 'tech' }), deletion: null });
  });

  it('SUG-5: another partner\'s suggestion is never continued or taken over; deleting its words strikes them in one\'s own name', () => {
    let state = at(charter('Notice: 90 days.'), 9);
    state = suggest(state, 'logi', (tr) => tr.insertText('120 '));
    state = suggest(state, 'tech', (tr) => tr.insertText('or '));
    state = suggest(state, 'tech', (tr) => tr.delete(9, 11));
    const suggestions = list(state);
    expect(state.doc.textContent).toBe('Notice: 120 or 90 days.');
    expect(suggestions.map((s) => [s.by, s.inserted, s.deleted])).toEqual([
      ['logi', '120 ', ''],
      ['tech', '', '12'],
      ['tech', 'or ', ''],
    ]);
    expect(new Set(suggestions.map((s) => s.id)).size).toBe(3);
  });

  it('SUG-2, SUG-3: accepting keeps inserted words and removes deleted ones; rejecting does the reverse', () => {
    let state = at(charter('Notice: 90 days.'), 9, 11);
    state = suggest(state, 'logi', (tr) => tr.insertText('60'));
    const id = list(state)[0]!.id;
    const accepted = state.apply(settleSuggestions(state, (s) => s.id === id, 'accept')!);
    expect(accepted.doc.textContent).toBe('Notice: 60 days.');
    expect(list(accepted)).toEqual([]);
    const rejected = state.apply(settleSuggestions(state, (s) => s.by === 'logi', 'reject')!);
    expect(rejected.doc.textContent).toBe('Notice: 90 days.');
    expect(list(rejected)).toEqual([]);
    expect(settleSuggestions(rejected, () => true, 'accept')).toBeNull();
  });

  it('SUG-2: settling leaves no empty paragraph behind: one suggested away goes when accepted, one suggested in when rejected', () => {
    let state = charter('Keep.', 'Old clause.', 'End.');
    const second = 1 + state.doc.child(0).nodeSize;
    state = at(state, second, second + state.doc.child(1).content.size);
    state = suggest(state, 'logi', (tr) => tr.deleteSelection());
    const accepted = state.apply(settleSuggestions(state, () => true, 'accept')!);
    expect(accepted.doc.childCount).toBe(2);
    expect(accepted.doc.textContent).toBe('Keep.End.');
    // Enter at the end of the first paragraph, then a new clause, all suggested; rejected, the text is as before.
    let added = at(charter('Keep.', 'End.'), 6);
    added = suggest(added, 'tech', (tr) => tr.split(6));
    added = suggest(added, 'tech', (tr) => tr.insertText('New clause.'));
    expect(added.doc.childCount).toBe(3);
    expect(list(added)).toEqual([{ id: expect.any(String), by: 'tech', inserted: 'New clause.', deleted: '', before: '' }]);
    const rejected = added.apply(settleSuggestions(added, () => true, 'reject')!);
    expect(rejected.doc.toJSON()).toEqual(charter('Keep.', 'End.').doc.toJSON());
    // Backspace at the start of a paragraph joins it to the one before, as an edit: structure is not suggested.
    let joined = at(charter('Keep.', 'End.'), 8);
    joined = suggest(joined, 'tech', (tr) => tr.delete(6, 8));
    expect(joined.doc.toJSON()).toEqual(charter('Keep.End.').doc.toJSON());
    expect(joined.selection.head).toBe(6);
    // The charter keeps one paragraph, even when every word of it goes.
    let only = at(charter('All of it.'), 1, 11);
    only = suggest(only, 'logi', (tr) => tr.deleteSelection());
    expect(only.apply(settleSuggestions(only, () => true, 'accept')!).doc.childCount).toBe(1);
  });

  it('SUG-5: remote changes, undo and settling are applied as they are, never re-suggested', () => {
    const state = charter('Notice.');
    expect(shouldSuggest(state.tr.insertText('x', 1))).toBe(true);
    expect(shouldSuggest(state.tr.insertText('x', 1).setMeta('y-sync$', { isChangeOrigin: true }))).toBe(false);
    expect(shouldSuggest(state.tr.insertText('x', 1).setMeta('y-sync$', { isUndoRedoOperation: true }))).toBe(false);
    expect(shouldSuggest(state.tr.insertText('x', 1).setMeta(SETTLING, true))).toBe(false);
    // Structure changes (lists, headings) are edits, not suggestions.
    expect(suggestTransaction(state, state.tr.setBlockType(1, 1, schema.nodes['heading']!, { level: 2 }), 'logi')).toBeNull();
  });

  it('SUG-6: a pasted passage keeps no one\'s suggestion marks', () => {
    let state = at(charter('Notice: 90 days.'), 9);
    state = suggest(state, 'logi', (tr) => tr.insertText('120 '));
    const slice = stripSuggestions(state.doc.slice(1, 14));
    expect(collectSuggestions(suggestionRuns(schema.node('doc', null, [schema.node('paragraph', null, slice.content)])))).toEqual([]);
    expect(slice).toBeInstanceOf(Slice);
  });
});
