/**
 * The charter's comment threads as the section shows them (CMT-1 .. CMT-6): read from the open alliance's snapshot,
 * written through its document in the name of the partner this device acts for (or as a facilitator), each control
 * asked of the authority table (AUTH-16) like every other.
 */
import { commentThreads, openThreadCount, type CharterComment, type CommentThread, type Partner } from '@trellis/shared';
import type { OpenAlliance } from '../../../session/context.ts';
import { errorMessage } from '../../../session/errorMessage.ts';

/** A passage chosen in the editor: its two anchors and its words. */
export interface ChosenPassage {
  from: string;
  to: string;
  quote: string;
}

/**
 * What this device may do with the comments, asked of the authority table (AUTH-16) when a control first needs it and
 * remembered until what the answers read changes. Asked all at once, 600 comments and 200 threads held up the charter's
 * opening; now each card asks for its own as it is drawn, after the text.
 */
class CommentPermissions {
  private readonly answers = new Map<string, boolean>();

  constructor(
    private readonly may: (action: Parameters<OpenAlliance['may']>[0]) => boolean,
    private readonly author: { partnerId: string | null } | null,
  ) {}

  get mayComment(): boolean {
    return this.answer('comment', () => this.may({ kind: 'commentOnCharter' }));
  }

  /** The comments this device may edit or delete: its own partner's (or a facilitator's own). */
  mayEdit(comment: Pick<CharterComment, 'id' | 'partnerId'>): boolean {
    const author = this.author;
    return this.answer(`edit:${comment.id}`, () => author !== null && comment.partnerId === author.partnerId && this.may({ kind: 'editCharterComment', commentId: comment.id }));
  }

  mayResolve(threadId: string): boolean {
    return this.answer(`resolve:${threadId}`, () => this.may({ kind: 'resolveCharterThread', threadId }));
  }

  private answer(key: string, ask: () => boolean): boolean {
    let answer = this.answers.get(key);
    if (answer === undefined) this.answers.set(key, (answer = ask()));
    return answer;
  }
}


export class CharterComments {
  /** The passage a new thread is being written on, or null while none is. */
  composing = $state<ChosenPassage | null>(null);
  /** The comment being edited in place. */
  editing = $state<string | null>(null);
  /** The last refusal, shown beside the comments. */
  error = $state<string | null>(null);
  /** The thread to move focus to once it renders (a new one, or one chosen from a highlight). */
  focusThread = $state<string | null>(null);

  // The snapshot's parts keep their identity while their roots do not change (typing in the charter), so the threads,
  // their highlights and their cards are rebuilt only when a thread or a comment changed.
  private readonly threadRecords = $derived.by(() => this.alliance.snapshot.charterThreads);
  private readonly commentRecords = $derived.by(() => this.alliance.snapshot.charterComments);
  readonly threads = $derived.by<CommentThread[]>(() => commentThreads({ charterThreads: this.threadRecords, charterComments: this.commentRecords }));
  readonly openCount = $derived.by(() => openThreadCount({ charterThreads: this.threadRecords, charterComments: this.commentRecords }));

  private readonly partners = $derived.by(() => this.alliance.snapshot.partners);
  private asked: { key: readonly unknown[]; value: CommentPermissions } | null = null;
  /**
   * What this device may do with the comments: the same object until what the answers read changes — the threads, the
   * comments, the partners, the link — so that a keystroke in the charter asks nothing and redraws no card.
   */
  private readonly permissions = $derived.by<CommentPermissions>(() => {
    const key = [this.threadRecords, this.commentRecords, this.partners, this.alliance.actor.role, this.alliance.actor.partnerId, this.alliance.readOnly];
    if (this.asked && key.every((part, i) => part === this.asked!.key[i])) return this.asked.value;
    const author = this.author;
    const value = new CommentPermissions((action) => author !== null && this.alliance.may(action), author);
    this.asked = { key, value };
    return value;
  });

  constructor(private readonly alliance: OpenAlliance) {}

  /** Whether this device may comment: any partner or facilitator link (AUTH-16), not a view link. */
  get mayComment(): boolean {
    return this.permissions.mayComment;
  }

  /** Why it may not, in the method's words. */
  get whyNotComment(): string | null {
    if (this.author === null) return this.alliance.notActingReason ?? 'This link cannot comment.';
    return this.alliance.whyNot({ kind: 'commentOnCharter' });
  }

  /** Who comments from this device: its partner, or none for a facilitator; null when it may not comment at all. */
  get author(): { partnerId: string | null; by: string } | null {
    const standing = this.alliance.standing;
    const by = this.alliance.session.me.name;
    if (standing.kind === 'partner') return { partnerId: standing.partner.id, by };
    if (standing.kind === 'facilitator') return { partnerId: null, by };
    return null;
  }

  partnerOf(comment: Pick<CharterComment, 'partnerId'>): Partner | null {
    return this.partners.find((p) => p.id === comment.partnerId) ?? null;
  }

  /** "Ana · TechCo", or "Sam · Facilitator". */
  authorLabel(comment: Pick<CharterComment, 'partnerId' | 'by'>): string {
    const partner = this.partnerOf(comment);
    return `${comment.by || 'Someone'} · ${partner ? partner.name : comment.partnerId === null ? 'Facilitator' : 'a former partner'}`;
  }

  /** The partner's colour, or a neutral grey for a facilitator. */
  colorOf(comment: Pick<CharterComment, 'partnerId'>): string {
    return this.partnerOf(comment)?.color ?? '#5b6670';
  }

  mine(comment: CharterComment): boolean {
    return this.permissions.mayEdit(comment);
  }

  mayResolve(thread: CommentThread): boolean {
    return this.permissions.mayResolve(thread.id);
  }

  /** Starts a thread on the passage chosen in the editor; an empty choice teaches how to make one. */
  startThread(passage: ChosenPassage | null): void {
    this.error = null;
    if (!passage || passage.quote.trim() === '') {
      this.error = 'Select a passage of the charter first, then press Comment.';
      return;
    }
    this.composing = passage;
  }

  cancelThread(): void {
    this.composing = null;
  }

  /** Writes the new thread with its first comment; true when it was written. */
  openThread(text: string): boolean {
    const passage = this.composing;
    const author = this.author;
    if (!passage || !author) return false;
    return this.attempt(() => {
      const { thread } = this.alliance.session.alliance.openCharterThread({ ...passage, ...author, text });
      this.composing = null;
      this.focusThread = thread.id;
    });
  }

  reply(threadId: string, text: string): boolean {
    const author = this.author;
    if (!author) return false;
    return this.attempt(() => this.alliance.session.alliance.replyOnCharter(threadId, { ...author, text }));
  }

  edit(commentId: string, text: string): boolean {
    const author = this.author;
    if (!author) return false;
    return this.attempt(() => {
      this.alliance.session.alliance.editCharterComment(commentId, author, text);
      this.editing = null;
    });
  }

  remove(commentId: string): boolean {
    const author = this.author;
    if (!author) return false;
    return this.attempt(() => this.alliance.session.alliance.deleteCharterComment(commentId, author));
  }

  resolve(threadId: string, resolved: boolean): boolean {
    const author = this.author;
    if (!author) return false;
    return this.attempt(() => this.alliance.session.alliance.resolveCharterThread(threadId, resolved, author.by));
  }

  private attempt(write: () => unknown): boolean {
    try {
      write();
      this.error = null;
      return true;
    } catch (error) {
      this.error = errorMessage(error);
      return false;
    }
  }
}
