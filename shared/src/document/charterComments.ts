/**
 * Comments on the charter (CMT-1 .. CMT-6 in shared/METHOD.md): a thread on a passage, its comments and replies,
 * resolved and reopened. The passage is held as two Yjs relative positions in the charter's text, so it follows its
 * words through later edits, and a thread whose words were all deleted says so, quoting what they said.
 */
import * as Y from 'yjs';
import { fromBase64, toBase64 } from 'lib0/buffer';
import { CHARTER_COMMENT, CHARTER_THREAD, LIMITS, type CharterComment, type CharterThread, type Id } from '../schema.ts';
import { DocumentError } from './documentError.ts';
import { readInput } from './fields.ts';
import { pickKnown, type Records } from './records.ts';

/** Who writes: the partner its link acts for (null for a facilitator) and the person's display name. */
export interface CommentAuthor {
  partnerId: Id | null;
  by: string;
}

export interface NewThread extends CommentAuthor {
  /** Where the passage starts and ends (`encodePosition` of a relative position in the charter). */
  from: string;
  to: string;
  /** The passage as it reads now; longer than `LIMITS.quote` it is shortened. */
  quote: string;
  /** The thread's first comment. */
  text: string;
}

/** A relative position as the text a thread stores. */
export function encodePosition(position: Y.RelativePosition): string {
  return toBase64(Y.encodeRelativePosition(position));
}

/** A stored position read back; null when it is not one (a hostile or damaged value). */
export function decodePosition(stored: string): Y.RelativePosition | null {
  try {
    return Y.decodeRelativePosition(fromBase64(stored));
  } catch {
    return null;
  }
}

/** The anchors of the passage `from`..`to` of one text of the charter: the end stays before text typed after it. */
export function passageAnchors(text: Y.XmlText, from: number, to: number): { from: string; to: string } {
  return {
    from: encodePosition(Y.createRelativePositionFromTypeIndex(text, from)),
    to: encodePosition(Y.createRelativePositionFromTypeIndex(text, to, -1)),
  };
}

const ellipsis = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** Opens a thread on a passage with its first comment, in one transaction (CMT-1). */
export function openThread(records: Records, input: NewThread): { thread: CharterThread; comment: CharterComment } {
  if (records.charterThreads.list().length >= LIMITS.charterThreads) {
    throw new DocumentError('not-allowed', `The charter holds at most ${LIMITS.charterThreads} comment threads`, null);
  }
  // The thread's own fields; its first comment (by, text) is read by `reply`.
  const given = pickKnown(input, ['from', 'to', 'quote', 'partnerId']);
  const quote = typeof given.quote === 'string' ? ellipsis(given.quote.replace(/\s+/g, ' ').trim(), LIMITS.quote) : given.quote;
  const fields = readInput(
    { ...given, quote, openedAt: records.now(), resolved: false, resolvedBy: '', resolvedAt: null },
    CHARTER_THREAD,
    // Stryker disable next-line StringLiteral: readInput names the input only when it is not an object, and this is one
    'thread',
  );
  if (fields.quote.length === 0) throw new DocumentError('invalid-field', 'Select a passage of the charter to comment on', 'quote');
  if (fields.partnerId !== null) records.partners.require(fields.partnerId);
  const id = records.newId();
  const thread = records.charterThreads.insert(id, fields);
  const comment = reply(records, id, input);
  return { thread, comment };
}

/** Adds a comment to a thread (CMT-1): a reply, in its author's name. */
export function reply(records: Records, threadId: Id, input: CommentAuthor & { text: string }): CharterComment {
  records.charterThreads.require(threadId);
  const comments = records.charterComments.list();
  if (comments.length >= LIMITS.charterComments) throw new DocumentError('not-allowed', `The charter holds at most ${LIMITS.charterComments} comments`, null);
  if (comments.filter((c) => c.threadId === threadId).length >= LIMITS.threadComments) {
    throw new DocumentError('not-allowed', `A thread holds at most ${LIMITS.threadComments} comments`, null);
  }
  const fields = readInput(
    { ...pickKnown(input, ['partnerId', 'by', 'text']), threadId, at: records.now(), editedAt: null },
    CHARTER_COMMENT,
    // Stryker disable next-line StringLiteral: readInput names the input only when it is not an object, and this is one
    'comment',
  );
  if (fields.partnerId !== null) records.partners.require(fields.partnerId);
  return records.charterComments.insert(records.newId(), fields);
}

/** Whether `author` wrote `comment`: the same partner, or both facilitators (CMT-4, AUTH-16). */
export function wroteComment(comment: Pick<CharterComment, 'partnerId'>, author: Pick<CommentAuthor, 'partnerId'>): boolean {
  return comment.partnerId === author.partnerId;
}

function ownComment(records: Records, commentId: Id, author: Pick<CommentAuthor, 'partnerId'>): CharterComment {
  const comment = records.charterComments.get(commentId);
  if (!comment) throw new DocumentError('unknown-record', `No comment with id ${commentId}`, 'id');
  if (!wroteComment(comment, author)) throw new DocumentError('not-allowed', 'Only its author edits or deletes a comment', 'id');
  return comment;
}

/** Rewords its author's own comment (CMT-4). */
export function editComment(records: Records, commentId: Id, author: Pick<CommentAuthor, 'partnerId'>, text: string): void {
  ownComment(records, commentId, author);
  records.charterComments.update(commentId, { text }, ['text']);
  records.charterComments.set(commentId, 'editedAt', records.now());
}

/** Deletes its author's own comment (CMT-4); a thread left with none is no longer shown. */
export function deleteComment(records: Records, commentId: Id, author: Pick<CommentAuthor, 'partnerId'>): void {
  ownComment(records, commentId, author);
  records.charterComments.remove(commentId);
}

/** Resolves or reopens a thread: anyone who may comment (CMT-5). */
export function resolveThread(records: Records, threadId: Id, resolved: boolean, by: string): void {
  const thread = records.charterThreads.get(threadId);
  if (!thread) throw new DocumentError('unknown-record', `No comment thread with id ${threadId}`, 'id');
  if (thread.resolved === resolved) return;
  const fields = readInput(
    { resolved, resolvedBy: by, resolvedAt: records.now() },
    { resolved: CHARTER_THREAD.resolved, resolvedBy: CHARTER_THREAD.resolvedBy, resolvedAt: CHARTER_THREAD.resolvedAt },
    // Stryker disable next-line StringLiteral: readInput names the input only when it is not an object, and this is one
    'thread',
  );
  records.charterThreads.set(threadId, 'resolved', fields.resolved);
  records.charterThreads.set(threadId, 'resolvedBy', fields.resolvedBy);
  records.charterThreads.set(threadId, 'resolvedAt', fields.resolvedAt);
}

// ---------------------------------------------------------------- reading

/** A thread as the partners see it: its comments in the order written (CMT-3). */
export interface CommentThread extends CharterThread {
  comments: CharterComment[];
}

/**
 * The threads to show, oldest first, each with its comments in time order (CMT-3): a thread whose comments were all
 * deleted, and a comment whose thread is unknown (a hostile or damaged record), are not shown.
 */
export function commentThreads(view: { charterThreads: readonly CharterThread[]; charterComments: readonly CharterComment[] }): CommentThread[] {
  const byThread = new Map<Id, CharterComment[]>();
  for (const comment of view.charterComments) {
    const list = byThread.get(comment.threadId);
    if (list) list.push(comment);
    else byThread.set(comment.threadId, [comment]);
  }
  return view.charterThreads
    .filter((thread) => byThread.has(thread.id))
    .map((thread) => ({ ...thread, comments: byThread.get(thread.id)!.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1)) }))
    .sort((a, b) => a.openedAt - b.openedAt || (a.id < b.id ? -1 : 1));
}

/** The threads still open: the number the Charter tab shows (CMT-3). */
export function openThreadCount(view: Parameters<typeof commentThreads>[0]): number {
  return commentThreads(view).filter((thread) => !thread.resolved).length;
}

/** Where a thread's passage is now, in the charter's text; or that it was deleted (CMT-2). */
export type Passage =
  | { deleted: false; from: { type: Y.AbstractType<unknown>; index: number }; to: { type: Y.AbstractType<unknown>; index: number } }
  | { deleted: true };

/** Every type still in the charter's text: a position in any other was deleted with its paragraph. */
function liveTypes(fragment: Y.XmlFragment): Set<Y.AbstractType<unknown>> {
  const live = new Set<Y.AbstractType<unknown>>([fragment as unknown as Y.AbstractType<unknown>]);
  const visit = (node: Y.XmlFragment | Y.XmlElement) => {
    for (const child of node.toArray()) {
      live.add(child as unknown as Y.AbstractType<unknown>);
      if (child instanceof Y.XmlElement) visit(child);
    }
  };
  visit(fragment);
  return live;
}

/**
 * Where each thread's passage is now (CMT-2). A passage is deleted when its paragraph was deleted, or when its start
 * and end met: every character between them was deleted (words typed at its edges afterwards are not in it).
 */
export function passages(fragment: Y.XmlFragment, threads: readonly Pick<CharterThread, 'id' | 'from' | 'to'>[]): Map<Id, Passage> {
  const doc = fragment.doc;
  const out = new Map<Id, Passage>();
  if (!doc) return out;
  const live = liveTypes(fragment);
  for (const thread of threads) {
    const fromPos = decodePosition(thread.from);
    const toPos = decodePosition(thread.to);
    const from = fromPos && Y.createAbsolutePositionFromRelativePosition(fromPos, doc);
    const to = toPos && Y.createAbsolutePositionFromRelativePosition(toPos, doc);
    const deleted =
      !from || !to || !live.has(from.type as Y.AbstractType<unknown>) || !live.has(to.type as Y.AbstractType<unknown>) || (from.type === to.type && to.index <= from.index);
    out.set(thread.id, deleted ? { deleted: true } : { deleted: false, from: { type: from.type as Y.AbstractType<unknown>, index: from.index }, to: { type: to.type as Y.AbstractType<unknown>, index: to.index } });
  }
  return out;
}
