/**
 * Comments on the charter at their edges: the order threads and comments list in, what each refusal says, the
 * alliance-wide bounds a peer's copy may already be at, and the quote as it is kept (CMT-1, CMT-3, CMT-4, CMT-6).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { LIMITS, type CharterComment, type CharterThread } from '../schema.ts';
import { refusal } from '../testing/refusals.ts';
import { AllianceDocument } from './alliance.ts';
import { appendCharterBlocks } from './charter.ts';
import { commentThreads, decodePosition, encodePosition, passageAnchors, passages } from './charterComments.ts';

function alliance() {
  let clock = 1_000;
  const a = AllianceDocument.create(new Y.Doc(), { name: 'Harbour', mode: 'full', partners: [{ name: 'TechCo' }, { name: 'LogiCorp' }] }, { now: () => (clock += 1) });
  a.doc.transact(() => appendCharterBlocks(a.charter(), [{ type: 'paragraph', text: 'A partner may leave after 90 days.' }]));
  const [tech, logi] = a.snapshot().partners;
  const text = (a.charter().get(0) as Y.XmlElement).get(0) as Y.XmlText;
  const open = (quote: string, partnerId: string | null, extra: object = {}) => a.openCharterThread({ ...passageAnchors(text, 0, 9), quote, partnerId, by: 'Ana', text: 'Why?', ...extra });
  return { a, tech: tech!, logi: logi!, open };
}

const thread = (id: string, openedAt: number): CharterThread => ({ id, from: 'AA==', to: 'AA==', quote: id, partnerId: null, openedAt, resolved: false, resolvedBy: '', resolvedAt: null });
const comment = (id: string, threadId: string, at: number): CharterComment => ({ id, threadId, at, partnerId: null, by: 'Ana', text: id, editedAt: null });

/** Records as a peer's copy may hold them, written straight into the document (a copy past the app's bounds). */
function fill(a: AllianceDocument, root: 'charterThreads' | 'charterComments', prefix: string, count: number, fields: (i: number) => Record<string, unknown>) {
  a.doc.transact(() => {
    const map = a.doc.getMap(root);
    for (let i = 0; i < count; i += 1) map.set(`${prefix}-${i}`, new Y.Map(Object.entries(fields(i))));
  });
}

describe('comments on the charter, at their edges', () => {
  it('CMT-3: threads list oldest first and comments in time order, ties by id', () => {
    const threads = [thread('t3', 30), thread('t2', 10), thread('t1', 10), thread('t0', 5)];
    const comments = [comment('c4', 't1', 9), comment('c2', 't1', 7), comment('c1', 't1', 7), comment('c0', 't2', 1), comment('c9', 't3', 1), comment('c8', 't0', 1)];
    const listed = commentThreads({ charterThreads: threads, charterComments: comments });
    expect(listed.map((t) => [t.id, t.comments.map((c) => c.id)])).toEqual([
      ['t0', ['c8']],
      ['t1', ['c1', 'c2', 'c4']],
      ['t2', ['c0']],
      ['t3', ['c9']],
    ]);
    expect(commentThreads({ charterThreads: [thread('b', 1), thread('a', 1)], charterComments: [comment('x', 'a', 1), comment('y', 'b', 1)] }).map((t) => t.id)).toEqual(['a', 'b']);
    const ascending = commentThreads({
      charterThreads: ['a', 'b', 'c'].map((id) => thread(id, 1)),
      charterComments: [comment('x1', 'a', 1), comment('x2', 'a', 1), comment('x3', 'a', 1), comment('y', 'b', 1), comment('z', 'c', 1)],
    });
    expect(ascending.map((t) => [t.id, t.comments.map((c) => c.id)])).toEqual([['a', ['x1', 'x2', 'x3']], ['b', ['y']], ['c', ['z']]]);
  });

  it('CMT-1: a thread keeps its passage, its quote with white space folded, its author and no resolution', () => {
    const { a, tech, open } = alliance();
    const { thread: kept, comment: first } = open('  A  partner\n\tmay ', tech.id);
    expect(a.snapshot().charterThreads).toEqual([{ ...kept, quote: 'A partner may', partnerId: tech.id, resolved: false, resolvedBy: '', resolvedAt: null }]);
    expect(kept.from).not.toBe(kept.to);
    expect(first).toMatchObject({ threadId: kept.id, partnerId: tech.id, by: 'Ana', text: 'Why?' });
    const longest = 'x'.repeat(LIMITS.quote);
    expect(open(longest, null).thread.quote).toBe(longest);
    expect(open(`${longest}y`, null).thread.quote).toBe(`${'x'.repeat(LIMITS.quote - 1)}…`);
  });

  it('CMT-1: a facilitator opens and replies as no partner; an unknown partner, a quote of nothing or not text is refused', () => {
    const { a, tech, open } = alliance();
    const { thread: t } = open('A partner', null);
    expect(a.replyOnCharter(t.id, { partnerId: null, by: 'Sam', text: 'Noted.' }).partnerId).toBeNull();
    expect(refusal(() => open('A partner', 'ghost')).code).toBe('unknown-record');
    expect(refusal(() => a.replyOnCharter(t.id, { partnerId: 'ghost', by: 'Bo', text: 'Hi' })).code).toBe('unknown-record');
    expect(refusal(() => open('  \n ', tech.id))).toEqual({ code: 'invalid-field', message: 'Select a passage of the charter to comment on', field: 'quote' });
    expect(refusal(() => open(7 as never, tech.id)).field).toBe('quote');
    expect(a.snapshot().charterThreads).toHaveLength(1);
  });

  it('CMT-1, CMT-4, CMT-5: a refusal names the unknown comment or thread, or says who may edit', () => {
    const { a, tech, logi, open } = alliance();
    const { comment: c } = open('A partner', tech.id);
    expect(refusal(() => a.editCharterComment('nope', { partnerId: tech.id }, 'x'))).toEqual({ code: 'unknown-record', message: 'No comment with id nope', field: 'id' });
    expect(refusal(() => a.deleteCharterComment(c.id, { partnerId: logi.id }))).toEqual({ code: 'not-allowed', message: 'Only its author edits or deletes a comment', field: 'id' });
    expect(refusal(() => a.resolveCharterThread('nope', true, 'Bo'))).toEqual({ code: 'unknown-record', message: 'No comment thread with id nope', field: 'id' });
    expect(refusal(() => a.replyOnCharter('nope', { partnerId: tech.id, by: 'Ana', text: 'x' }))).toEqual({ code: 'unknown-record', message: 'No comment thread with id nope', field: 'id' });
  });

  it('CMT-6: a copy holding 1,000 threads opens no more', () => {
    const { a, tech, open } = alliance();
    fill(a, 'charterThreads', 't', LIMITS.charterThreads - 1, (i) => ({ from: 'AA==', to: 'AA==', quote: `q${i}`, partnerId: null, openedAt: i, resolved: false, resolvedBy: '', resolvedAt: null }));
    open('A partner', tech.id);
    expect(refusal(() => open('A partner', tech.id))).toEqual({ code: 'not-allowed', message: `The charter holds at most ${LIMITS.charterThreads} comment threads`, field: null });
  });

  it('CMT-6: a copy holding 10,000 comments takes no more; a full thread does not stop replies in another', () => {
    const { a, tech, open } = alliance();
    const { thread: full } = open('A partner', tech.id);
    const { thread: other } = open('may leave', tech.id);
    fill(a, 'charterComments', 'full', LIMITS.threadComments - 1, (i) => ({ threadId: full.id, partnerId: null, by: 'X', text: `${i}`, at: i, editedAt: null }));
    expect(refusal(() => a.replyOnCharter(full.id, { partnerId: tech.id, by: 'Ana', text: 'one more' }))).toEqual({ code: 'not-allowed', message: `A thread holds at most ${LIMITS.threadComments} comments`, field: null });
    a.replyOnCharter(other.id, { partnerId: tech.id, by: 'Ana', text: 'here' });
    fill(a, 'charterComments', 'elsewhere', LIMITS.charterComments - LIMITS.threadComments - 3, (i) => ({ threadId: 'elsewhere', partnerId: null, by: 'X', text: `${i}`, at: i, editedAt: null }));
    expect(a.doc.getMap('charterComments').size).toBe(LIMITS.charterComments - 1);
    a.replyOnCharter(other.id, { partnerId: tech.id, by: 'Ana', text: 'last' });
    expect(refusal(() => a.replyOnCharter(other.id, { partnerId: tech.id, by: 'Ana', text: 'past' }))).toEqual({ code: 'not-allowed', message: `The charter holds at most ${LIMITS.charterComments} comments`, field: null });
  });

  it('CMT-2: a passage may start at a block\'s edge (anchored in the charter itself) and end in another paragraph', () => {
    const { a, open } = alliance();
    a.doc.transact(() => appendCharterBlocks(a.charter(), [{ type: 'paragraph', text: 'Notice: 90 days.' }]));
    const first = (a.charter().get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const second = (a.charter().get(1) as Y.XmlElement).get(0) as Y.XmlText;
    const { thread: across } = open('partner … Notice', null, { ...passageAnchors(first, 20, 20), to: passageAnchors(second, 0, 6).to });
    const { thread: edge } = open('A partner', null, { from: encodePosition(Y.createRelativePositionFromTypeIndex(a.charter(), 0)), to: passageAnchors(first, 0, 9).to });
    const found = passages(a.charter(), a.snapshot().charterThreads);
    // Compared field by field: a Yjs type holds its whole document.
    const where = (id: string) => {
      const p = found.get(id)!;
      return p.deleted ? 'deleted' : [p.from.type === first ? 'first' : p.from.type === a.charter() ? 'charter' : 'other', p.from.index, p.to.type === second ? 'second' : p.to.type === first ? 'first' : 'other', p.to.index];
    };
    expect(where(across.id)).toEqual(['first', 20, 'second', 6]);
    expect(where(edge.id)).toEqual(['charter', 0, 'first', 9]);
  });

  it('CMT-2: a stored position that does not decode reads as none; a charter outside any document has no passages', () => {
    expect(decodePosition('!!!')).toBeNull();
    expect(passages(new Y.XmlFragment(), [thread('t', 1)]).size).toBe(0);
  });
});
