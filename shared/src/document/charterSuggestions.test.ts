import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AllianceDocument } from './alliance.ts';
import { appendCharterBlocks } from './charter.ts';
import { allianceMarkdown } from './allianceExport.ts';
import { charterMarkdown } from './charterContent.ts';
import { blockText } from './charterVersion.ts';
import { charterSuggestionRuns, collectSuggestions, FACILITATOR_AUTHOR, newSuggestionId, readSuggestionAttrs, suggestionControls } from './charterSuggestions.ts';

function harbour() {
  const alliance = AllianceDocument.create(new Y.Doc(), { name: 'Harbour', mode: 'full', partners: [{ name: 'TechCo' }, { name: 'LogiCorp' }] });
  alliance.doc.transact(() => appendCharterBlocks(alliance.charter(), [{ type: 'paragraph', text: 'Notice: 90 days.' }]));
  const [tech, logi] = alliance.snapshot().partners;
  return { alliance, tech: tech!.id, logi: logi!.id };
}

const textOf = (doc: Y.Doc) => (doc.getXmlFragment('charter').get(0) as Y.XmlElement).get(0) as Y.XmlText;

describe('suggestions in the charter', () => {
  it('SUG-1: runs of one id and author make one suggestion, which may insert and delete; plain text makes none', () => {
    const runs = [
      { text: '\n', insertion: null, deletion: null },
      { text: 'Notice: ', insertion: null, deletion: null },
      { text: '90', insertion: null, deletion: { id: 'a', by: 'logi' } },
      { text: '60', insertion: { id: 'a', by: 'logi' }, deletion: null },
      { text: ' days', insertion: null, deletion: null },
      { text: 'or  more', insertion: { id: 'b', by: 'tech' }, deletion: null },
      { text: '.', insertion: null, deletion: null },
      { text: 'Thanks', insertion: { id: 'b', by: 'tech' }, deletion: null },
      // The same id from another author is another suggestion, never a takeover.
      { text: 'X', insertion: { id: 'a', by: 'tech' }, deletion: null },
    ];
    expect(collectSuggestions(runs)).toEqual([
      { id: 'a', by: 'logi', inserted: '60', deleted: '90', before: 'Notice: ' },
      { id: 'b', by: 'tech', inserted: 'or more … Thanks', deleted: '', before: 'Notice: 9060 days' },
      { id: 'a', by: 'tech', inserted: 'X', deleted: '', before: 'Notice: 9060 daysor more.Thanks' },
    ]);
    expect(collectSuggestions([{ text: '\u200B', insertion: { id: 'z', by: 'tech' }, deletion: null }])).toEqual([]);
    // The context is the paragraph's last whole words before the suggestion, cut with "…".
    const long = [
      { text: 'Earlier paragraph.\nA partner may leave after a notice period of ', insertion: null, deletion: null },
      { text: '90', insertion: null, deletion: { id: 'n', by: 'logi' } },
      { text: '\n', insertion: null, deletion: null },
      { text: 'New.', insertion: { id: 'm', by: 'logi' }, deletion: null },
    ];
    expect(collectSuggestions(long).map((s) => s.before)).toEqual(['… leave after a notice period of ', '']);
  });

  it('SUG-1: a suggestion\'s runs that touch read as one passage, even when another author strikes part of it', () => {
    const { alliance, tech, logi } = harbour();
    // LogiCorp inserts "120 "; TechCo strikes the "20" of it in its own name (SUG-5), which splits LogiCorp's run in three.
    textOf(alliance.doc).insert(8, '120 ', { insertion: { id: 'l1', by: logi } });
    textOf(alliance.doc).format(9, 2, { deletion: { id: 't1', by: tech } });
    expect(collectSuggestions(charterSuggestionRuns(alliance.charter()))).toEqual([
      { id: 'l1', by: logi, inserted: '120 ', deleted: '', before: 'Notice: ' },
      { id: 't1', by: tech, inserted: '', deleted: '20', before: 'Notice: 1' },
    ]);
    // Separate struck passages of one suggestion are joined with "…", like its inserted ones.
    const runs = [
      { text: '\n', insertion: null, deletion: null },
      { text: 'Notice', insertion: null, deletion: { id: 'a', by: 'logi' } },
      { text: ': ', insertion: null, deletion: null },
      { text: '90', insertion: null, deletion: { id: 'a', by: 'logi' } },
    ];
    expect(collectSuggestions(runs)).toEqual([{ id: 'a', by: 'logi', inserted: '', deleted: 'Notice … 90', before: '' }]);
  });

  it('SUG-1: the list quotes at most 200 characters of a suggestion\'s words, cut with "…"', () => {
    const quoted = (words: string) => collectSuggestions([{ text: words, insertion: { id: 'a', by: 'logi' }, deletion: null }])[0]!.inserted;
    expect(quoted('w'.repeat(200))).toBe('w'.repeat(200));
    expect(quoted('w'.repeat(201))).toBe(`${'w'.repeat(199)}…`);
  });

  it('SUG-1: the context is the paragraph\'s last whole words, at most 32 characters, and starts at the paragraph', () => {
    const before = (...texts: string[]) =>
      collectSuggestions([...texts.map((text) => ({ text, insertion: null, deletion: null })), { text: 'X', insertion: { id: 'a', by: 'logi' }, deletion: null }])[0]!.before;
    // Nothing before it: no context, whether or not the runs open with their paragraph's "\n".
    expect(before()).toBe('');
    expect(before('\n')).toBe('');
    // A line break inside a run starts the context afresh, in the Yjs document as in the editor.
    expect(before('\n', 'Earlier paragraph.\nNotice: ')).toBe('Notice: ');
    const yjs = harbour();
    yjs.alliance.doc.transact(() => appendCharterBlocks(yjs.alliance.charter(), [{ type: 'paragraph', text: 'Exit.' }]));
    const second = (yjs.alliance.charter().get(1) as Y.XmlElement).get(0) as Y.XmlText;
    second.insert(0, 'On ', { insertion: { id: 'e1', by: yjs.logi } });
    expect(collectSuggestions(charterSuggestionRuns(yjs.alliance.charter())).map((s) => s.before)).toEqual(['']);
    // Zero-width spaces (the editor's cursor anchors) are no part of it.
    expect(before('\n', 'Notice:\u200B ')).toBe('Notice: ');
    // Exactly 32 characters fit whole; one more, and the first word, cut, is left out.
    expect(before('\n', 'A partner leaves after notice of')).toBe('A partner leaves after notice of');
    expect(before('\n', 'Partners leave after notice of 90')).toBe('… leave after notice of 90');
    expect(before('\n', 'Each partner may then leave after ninety days.')).toBe('… then leave after ninety days.');
    // A word longer than the context is cut inside, rather than shown as nothing.
    const word = 'Donaudampfschifffahrtsgesellschaftskapitän';
    expect(before('\n', word)).toBe(`…${word.slice(-32)}`);
    expect(before('\n', `${word} `)).toBe(`…${word.slice(-31)} `);
  });

  it('SUG-6: an embed or a hook a peer put in the charter is no suggestion\'s words, and the list still reads', () => {
    const { alliance, logi } = harbour();
    const text = textOf(alliance.doc);
    text.insertEmbed(8, { image: 'x' }, { insertion: { id: 'l1', by: logi } });
    text.insert(9, '120 ', { insertion: { id: 'l1', by: logi } });
    alliance.charter().insert(0, [new Y.XmlHook('widget') as unknown as Y.XmlElement]);
    expect(collectSuggestions(charterSuggestionRuns(alliance.charter()))).toEqual([{ id: 'l1', by: logi, inserted: '120 ', deleted: '', before: 'Notice: ' }]);
  });

  it('SUG-2, SUG-3, SUG-4: another partner settles, the author withdraws, a facilitator settles nobody\'s, a view link nothing', () => {
    expect(suggestionControls({ role: 'edit', partnerId: 'tech' }, 'logi')).toEqual({ settle: true, withdraw: false });
    expect(suggestionControls({ role: 'owner', partnerId: 'logi' }, 'logi')).toEqual({ settle: false, withdraw: true });
    expect(suggestionControls({ role: 'edit', partnerId: 'tech' }, FACILITATOR_AUTHOR)).toEqual({ settle: true, withdraw: false });
    expect(suggestionControls({ role: 'edit', partnerId: null }, 'logi')).toEqual({ settle: false, withdraw: false });
    expect(suggestionControls({ role: 'owner', partnerId: null }, FACILITATOR_AUTHOR)).toEqual({ settle: false, withdraw: true });
    expect(suggestionControls({ role: 'view', partnerId: 'tech' }, 'logi')).toEqual({ settle: false, withdraw: false });
    expect(suggestionControls({ role: 'view', partnerId: 'logi' }, 'logi')).toEqual({ settle: false, withdraw: false });
  });

  it('SUG-5: two partners suggesting offline at once both keep their suggestions, and both copies read the same list', () => {
    const { alliance, tech, logi } = harbour();
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(alliance.doc));
    // LogiCorp suggests 120 instead of 90 on its copy; TechCo strikes "Notice" on its own, neither online.
    textOf(other).format(8, 2, { deletion: { id: 'l1', by: logi } });
    textOf(other).insert(10, '120', { insertion: { id: 'l1', by: logi } });
    textOf(alliance.doc).format(0, 6, { deletion: { id: 't1', by: tech } });
    textOf(alliance.doc).insert(16, ' Gladly.', { insertion: { id: 't2', by: tech } });
    Y.applyUpdate(other, Y.encodeStateAsUpdate(alliance.doc));
    Y.applyUpdate(alliance.doc, Y.encodeStateAsUpdate(other));
    const mine = collectSuggestions(charterSuggestionRuns(alliance.charter()));
    expect(mine).toEqual([
      { id: 't1', by: tech, inserted: '', deleted: 'Notice', before: '' },
      { id: 'l1', by: logi, inserted: '120', deleted: '90', before: 'Notice: ' },
      { id: 't2', by: tech, inserted: ' Gladly.', deleted: '', before: 'Notice: 90120 days.' },
    ]);
    expect(collectSuggestions(charterSuggestionRuns(other.getXmlFragment('charter')))).toEqual(mine);
    expect(textOf(other).toString().replace(/<[^>]*>/g, '')).toBe(textOf(alliance.doc).toString().replace(/<[^>]*>/g, ''));
  });

  it('SUG-5: undoing an accept writes the author\'s mark back as the undoer\'s own item (why the relay checks no author, PROTOCOL.md)', () => {
    const { alliance, tech, logi } = harbour();
    textOf(alliance.doc).insert(8, '120 ', { insertion: { id: 'l1', by: logi } });
    const techCopy = new Y.Doc();
    Y.applyUpdate(techCopy, Y.encodeStateAsUpdate(alliance.doc));
    const undo = new Y.UndoManager(textOf(techCopy));
    textOf(techCopy).format(8, 4, { insertion: null });
    undo.stopCapturing();
    const before = Y.encodeStateVector(techCopy);
    undo.undo();
    const written = Y.decodeUpdate(Y.encodeStateAsUpdate(techCopy, before)).structs.flatMap((s) =>
      s instanceof Y.Item && s.content instanceof Y.ContentFormat && s.id.client === techCopy.clientID ? [s.content.value as unknown] : [],
    );
    expect(written).toContainEqual({ id: 'l1', by: logi });
    expect(written).not.toContainEqual(expect.objectContaining({ by: tech }));
    expect(collectSuggestions(charterSuggestionRuns(techCopy.getXmlFragment('charter')))).toEqual([{ id: 'l1', by: logi, inserted: '120 ', deleted: '', before: 'Notice: ' }]);
  });

  it('SUG-6: a mark whose id or author is missing, not a string or too long reads as no suggestion', () => {
    expect(readSuggestionAttrs({ id: 'a', by: 'tech' })).toEqual({ id: 'a', by: 'tech' });
    // The bounds themselves are allowed.
    expect(readSuggestionAttrs({ id: 'a'.repeat(40), by: 'b'.repeat(64) })).toEqual({ id: 'a'.repeat(40), by: 'b'.repeat(64) });
    for (const bad of [null, 'a', { id: 'a' }, { id: 1, by: 'tech' }, { id: '', by: 'tech' }, { id: 'a', by: '' }, { id: 'a'.repeat(41), by: 'tech' }, { id: 'a', by: 'b'.repeat(65) }]) {
      expect(readSuggestionAttrs(bad)).toBeNull();
    }
    const ids = new Set(Array.from({ length: 1000 }, () => newSuggestionId()));
    expect(ids.size).toBe(1000);
    expect([...ids].every((id) => /^[0-9a-z]{10}$/.test(id))).toBe(true);
  });

  it('SUG-7: the agreed text — versions, export, audit — leaves out pending insertions and keeps pending deletions', () => {
    const { alliance, tech, logi } = harbour();
    const text = textOf(alliance.doc);
    // LogiCorp suggests "90" → "120": "90" struck, "120" inserted after it.
    alliance.doc.transact(() => {
      text.format(8, 2, { deletion: { id: 's1', by: logi } });
      text.insert(10, '120', { insertion: { id: 's1', by: logi } });
    });
    expect(alliance.snapshot().charter.at(-1)!.text).toBe('Notice: 90 days.');
    const version = alliance.takeCharterVersion({ kind: 'named', name: 'Pending', partnerId: tech, by: 'Ana' })!;
    expect(alliance.charterVersion(version.id)!.content.map(blockText)).toEqual(['Notice: 90 days.']);
    expect(allianceMarkdown(alliance, Date.now())).toContain('Notice: 90 days.');
    expect(charterMarkdown(alliance.charter())).not.toContain('120');
    // Accepted, the words are the partners' text.
    alliance.doc.transact(() => {
      text.delete(8, 2);
      text.format(8, 3, { insertion: null });
    });
    expect(alliance.snapshot().charter.at(-1)!.text).toBe('Notice: 120 days.');
  });
});

