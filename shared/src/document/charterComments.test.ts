import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { LIMITS } from '../schema.ts';
import { refusal } from '../testing/refusals.ts';
import { AllianceDocument } from './alliance.ts';
import { appendCharterBlocks } from './charter.ts';
import { commentThreads, openThreadCount, passageAnchors, passages } from './charterComments.ts';
import { descendingIds } from '../testing/orderedIds.ts';

const CLAUSE = 'A partner may leave after a notice period of 90 days.';

function alliance(doc = new Y.Doc()) {
  let clock = 1_000;
  const a = AllianceDocument.create(doc, { name: 'Harbour', mode: 'full', partners: [{ name: 'TechCo' }, { name: 'LogiCorp' }] }, { now: () => (clock += 1) });
  a.doc.transact(() => appendCharterBlocks(a.charter(), [{ type: 'heading', level: 2, text: 'Exit' }, { type: 'paragraph', text: CLAUSE }]));
  const [tech, logi] = a.snapshot().partners;
  return { a, tech: tech!, logi: logi! };
}

/** The paragraph's text (the charter's second block). */
const clauseText = (a: AllianceDocument) => ((a.charter().get(1) as Y.XmlElement).get(0) as Y.XmlText);

/** Opens a thread on the words `word` of the clause. */
function commentOn(a: AllianceDocument, word: string, partnerId: string | null, text = 'Too short for us.') {
  const start = clauseText(a).toString().indexOf(word);
  return a.openCharterThread({ ...passageAnchors(clauseText(a), start, start + word.length), quote: word, partnerId, by: 'Ana', text });
}

const passageText = (a: AllianceDocument, threadId: string) => {
  const passage = passages(a.charter(), a.snapshot().charterThreads).get(threadId)!;
  if (passage.deleted) return null;
  return (passage.from.type as Y.XmlText).toString().slice(passage.from.index, passage.to.index);
};

describe('comments on the charter', () => {
  it('CMT-1: a thread opens on a passage with its first comment, unresolved, quoting the passage; replies follow in their authors\' names', () => {
    const { a, tech, logi } = alliance();
    const { thread, comment } = commentOn(a, '90 days', tech.id);
    a.replyOnCharter(thread.id, { partnerId: logi.id, by: 'Bo', text: 'We need 180.' });
    a.replyOnCharter(thread.id, { partnerId: null, by: 'Sam', text: 'Let us meet halfway.' });
    const [shown] = commentThreads(a.snapshot());
    expect(shown).toMatchObject({ id: thread.id, quote: '90 days', partnerId: tech.id, resolved: false });
    expect(shown!.comments.map((c) => [c.partnerId, c.by, c.text])).toEqual([
      [tech.id, 'Ana', 'Too short for us.'],
      [logi.id, 'Bo', 'We need 180.'],
      [null, 'Sam', 'Let us meet halfway.'],
    ]);
    expect(comment.threadId).toBe(thread.id);
    const long = 'word '.repeat(400);
    const quoted = a.openCharterThread({ ...passageAnchors(clauseText(a), 0, 5), quote: long, partnerId: tech.id, by: 'Ana', text: 'x' });
    expect(quoted.thread.quote).toHaveLength(LIMITS.quote);
    expect(quoted.thread.quote.endsWith('…')).toBe(true);
    expect(refusal(() => commentOn(a, 'notice', tech.id, '   ')).code).toBe('invalid-field');
    expect(refusal(() => a.openCharterThread({ ...passageAnchors(clauseText(a), 0, 5), quote: ' ', partnerId: tech.id, by: 'Ana', text: 'x' })).field).toBe('quote');
    expect(refusal(() => a.replyOnCharter('nope', { partnerId: tech.id, by: 'Ana', text: 'x' })).code).toBe('unknown-record');
  });

  it('CMT-2: the passage follows its words through edits before, inside and after it', () => {
    const { a, tech } = alliance();
    const { thread } = commentOn(a, '90 days', tech.id);
    const text = clauseText(a);
    text.insert(0, 'Subject to the rules, ');
    text.insert(text.toString().indexOf(' days'), '0');
    text.insert(text.toString().indexOf('days') + 4, ' at least');
    expect(passageText(a, thread.id)).toBe('900 days');
    expect(a.snapshot().charterThreads[0]!.quote).toBe('90 days');
  });

  it('CMT-2: a passage whose words were all deleted, or whose paragraph was, reads as deleted and keeps its quote', () => {
    const { a, tech } = alliance();
    const words = commentOn(a, '90 days', tech.id).thread;
    const leave = commentOn(a, 'may leave', tech.id).thread;
    const text = clauseText(a);
    const at = text.toString().indexOf('90 days');
    text.delete(at, '90 days'.length);
    // Typing where the passage was does not bring it back.
    text.insert(at, 'six months');
    const read = passages(a.charter(), a.snapshot().charterThreads);
    expect(read.get(words.id)).toEqual({ deleted: true });
    expect(passageText(a, leave.id)).toBe('may leave');
    // A passage from the heading into the clause: its ends lie in two texts.
    const heading = (a.charter().get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const across = a.openCharterThread({ from: passageAnchors(heading, 0, 1).from, to: passageAnchors(text, 0, 1).to, quote: 'Exit A', partnerId: tech.id, by: 'Ana', text: 'Both?' }).thread;
    expect(passages(a.charter(), a.snapshot().charterThreads).get(across.id)).toMatchObject({ deleted: false });
    a.charter().delete(0, 2);
    const gone = passages(a.charter(), a.snapshot().charterThreads);
    expect(gone.get(leave.id)).toEqual({ deleted: true });
    expect(gone.get(across.id)).toEqual({ deleted: true });
    expect(commentThreads(a.snapshot()).map((t) => t.quote)).toEqual(['90 days', 'may leave', 'Exit A']);
  });

  it('CMT-2: in a document that keeps deleted content (no garbage collection), a deleted paragraph\'s passage still reads as deleted', () => {
    const { a, tech } = alliance(new Y.Doc({ gc: false }));
    const heading = (a.charter().get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const across = a.openCharterThread({ from: passageAnchors(heading, 0, 1).from, to: passageAnchors(clauseText(a), 0, 1).to, quote: 'Exit A', partnerId: tech.id, by: 'Ana', text: 'Both?' }).thread;
    const within = commentOn(a, '90 days', tech.id).thread;
    expect(passages(a.charter(), a.snapshot().charterThreads).get(across.id)).toMatchObject({ deleted: false });
    a.charter().delete(0, 2);
    const gone = passages(a.charter(), a.snapshot().charterThreads);
    expect(gone.get(across.id)).toEqual({ deleted: true });
    expect(gone.get(within.id)).toEqual({ deleted: true });
  });

  it('CMT-2: a position that does not decode reads as deleted, without throwing', () => {
    const { a, tech } = alliance();
    const { thread } = commentOn(a, '90 days', tech.id);
    // Valid base64, but no relative position: a peer may write anything.
    (a.doc.getMap('charterThreads').get(thread.id) as Y.Map<unknown>).set('from', '////');
    expect(passages(a.charter(), a.snapshot().charterThreads).get(thread.id)).toEqual({ deleted: true });
  });

  it('CMT-2: comments written on two copies offline merge, each on its passage', () => {
    const { a, tech, logi } = alliance();
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(a.doc));
    const b = new AllianceDocument(other);
    const mine = commentOn(a, '90 days', tech.id).thread;
    const theirs = commentOn(b, 'notice period', logi.id).thread;
    clauseText(b).insert(0, 'Each partner agrees: ');
    Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(other));
    Y.applyUpdate(other, Y.encodeStateAsUpdate(a.doc));
    for (const copy of [a, b]) {
      expect(commentThreads(copy.snapshot()).map((t) => t.id).sort()).toEqual([mine.id, theirs.id].sort());
      expect(passageText(copy, mine.id)).toBe('90 days');
      expect(passageText(copy, theirs.id)).toBe('notice period');
    }
  });

  it('CMT-3: the snapshot lists the threads oldest first, whatever their ids', () => {
    let clock = 1_000;
    // Ids sort against the order of opening, so the threads' own id order is not the order asked for.
    const a = AllianceDocument.create(new Y.Doc(), { name: 'Harbour', mode: 'full', partners: [{ name: 'TechCo' }] }, { now: () => clock, random: descendingIds() });
    a.doc.transact(() => appendCharterBlocks(a.charter(), [{ type: 'paragraph', text: CLAUSE }]));
    const text = (a.charter().get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const openAt = (at: number, word: string) => {
      clock = at;
      const start = CLAUSE.indexOf(word);
      return a.openCharterThread({ ...passageAnchors(text, start, start + word.length), quote: word, partnerId: null, by: 'Sam', text: 'Why?' }).thread.id;
    };
    const late = openAt(3_000, 'partner');
    const first = openAt(1_000, 'leave');
    const middle = openAt(2_000, 'notice');
    expect(a.snapshot().charterThreads.map((t) => t.id)).toEqual([first, middle, late]);
  });

  it('CMT-3: threads whose comments were all deleted, and comments on no thread, are not shown; the open ones are counted', () => {
    const { a, tech, logi } = alliance();
    const first = commentOn(a, '90 days', tech.id);
    const second = commentOn(a, 'notice', logi.id);
    commentOn(a, 'partner', tech.id);
    a.resolveCharterThread(second.thread.id, true, 'Ana');
    expect(openThreadCount(a.snapshot())).toBe(2);
    a.deleteCharterComment(first.comment.id, { partnerId: tech.id });
    a.doc.getMap('charterComments').set('orphan', new Y.Map(Object.entries({ threadId: 'none', by: 'X', text: 'hi', at: 5 })));
    expect(commentThreads(a.snapshot()).map((t) => t.quote)).toEqual(['notice', 'partner']);
    expect(openThreadCount(a.snapshot())).toBe(1);
  });

  it('CMT-4: only its author edits or deletes a comment; a facilitator\'s comment is the facilitators\'', () => {
    const { a, tech, logi } = alliance();
    const { comment } = commentOn(a, '90 days', tech.id);
    const sam = a.replyOnCharter(comment.threadId, { partnerId: null, by: 'Sam', text: 'Noted.' });
    expect(refusal(() => a.editCharterComment(comment.id, { partnerId: logi.id }, 'Fine.')).code).toBe('not-allowed');
    expect(refusal(() => a.deleteCharterComment(comment.id, { partnerId: null })).code).toBe('not-allowed');
    expect(refusal(() => a.deleteCharterComment(sam.id, { partnerId: tech.id })).code).toBe('not-allowed');
    a.editCharterComment(comment.id, { partnerId: tech.id }, 'Far too short.');
    a.deleteCharterComment(sam.id, { partnerId: null });
    const [thread] = commentThreads(a.snapshot());
    expect(thread!.comments.map((c) => c.text)).toEqual(['Far too short.']);
    expect(thread!.comments[0]!.editedAt).toBeGreaterThan(comment.at);
    expect(refusal(() => a.editCharterComment(comment.id, { partnerId: tech.id }, 'x'.repeat(LIMITS.shortText + 1))).code).toBe('invalid-field');
  });

  it('CMT-5: anyone resolves and reopens a thread, recording who and when', () => {
    const { a, tech } = alliance();
    const { thread } = commentOn(a, '90 days', tech.id);
    a.resolveCharterThread(thread.id, true, 'Bo');
    expect(a.snapshot().charterThreads[0]).toMatchObject({ resolved: true, resolvedBy: 'Bo' });
    const before = Y.encodeStateVector(a.doc);
    a.resolveCharterThread(thread.id, true, 'Sam');
    expect(Y.encodeStateVector(a.doc)).toEqual(before);
    a.resolveCharterThread(thread.id, false, 'Sam');
    expect(a.snapshot().charterThreads[0]).toMatchObject({ resolved: false, resolvedBy: 'Sam' });
  });

  it('CMT-6: at most 200 comments in a thread', () => {
    const { a, tech } = alliance();
    const { thread } = commentOn(a, '90 days', tech.id);
    for (let i = 1; i < LIMITS.threadComments; i++) a.replyOnCharter(thread.id, { partnerId: tech.id, by: 'Ana', text: `${i}` });
    expect(refusal(() => a.replyOnCharter(thread.id, { partnerId: tech.id, by: 'Ana', text: 'one more' })).code).toBe('not-allowed');
  });
});
