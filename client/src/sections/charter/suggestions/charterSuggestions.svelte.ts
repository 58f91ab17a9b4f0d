/**
 * The charter's suggestions as the section shows them (SUG-1 .. SUG-6): whether this person is suggesting (kept on
 * this device, per alliance), the open suggestions read from the editor, who wrote each, and what this link is offered
 * on each (`suggestionControls`). The editor does the writing; this holds what the toolbar and the list show.
 */
import { FACILITATOR_AUTHOR, suggestionAuthor, suggestionControls, type Partner, type Suggestion, type SuggestionControls } from '@trellis/shared';
import type { OpenAlliance } from '../../../session/context.ts';

/** A facilitator's suggestions, and a former partner's, in a neutral grey (as their comments are). */
const NEUTRAL = '#5b6670';

/** One author's open suggestions, as the list groups them. */
export interface SuggestionGroup {
  by: string;
  name: string;
  color: string;
  suggestions: Suggestion[];
  controls: SuggestionControls;
}

/** What the editor does when a control is chosen. */
export interface SuggestionWriter {
  settle(chosen: (s: { id: string; by: string }) => boolean, how: 'accept' | 'reject'): boolean;
  /** Selects the suggestion's words in the text and scrolls to them. */
  show(suggestion: { id: string; by: string }): void;
}

function remembered(key: string): boolean {
  try {
    return globalThis.localStorage?.getItem(key) === '1';
  } catch {
    return false;
  }
}

function remember(key: string, on: boolean): void {
  try {
    if (on) globalThis.localStorage?.setItem(key, '1');
    else globalThis.localStorage?.removeItem(key);
  } catch {
    // A browser that refuses storage still suggests for this visit.
  }
}

export class CharterSuggestions {
  /** The open suggestions in text order, as the editor last read them. */
  list = $state.raw<Suggestion[]>([]);
  /** Whether this person types suggestions rather than edits. */
  suggesting = $state(false);
  writer: SuggestionWriter | null = null;
  private readonly key: string;

  constructor(private readonly alliance: OpenAlliance) {
    this.key = `trellis.suggesting.${alliance.session.id}`;
    this.suggesting = remembered(this.key);
  }

  /** The author this device suggests as: its partner, or the facilitator; null for a view link or an unconfirmed one. */
  get author(): string | null {
    const standing = this.alliance.standing;
    if (!this.alliance.may({ kind: 'editCharter' })) return null;
    if (standing.kind === 'partner') return suggestionAuthor(standing.partner.id);
    if (standing.kind === 'facilitator') return suggestionAuthor(null);
    return null;
  }

  /** Whether this device's typing is suggested right now. */
  get active(): boolean {
    return this.suggesting && this.author !== null;
  }

  toggle(): void {
    this.suggesting = !this.suggesting;
    remember(this.key, this.suggesting);
  }

  partnerOf(by: string): Partner | null {
    return this.alliance.snapshot.partners.find((p) => p.id === by) ?? null;
  }

  nameOf(by: string): string {
    return this.partnerOf(by)?.name ?? (by === FACILITATOR_AUTHOR ? 'Facilitator' : 'A former partner');
  }

  colorOf(by: string): string {
    return this.partnerOf(by)?.color ?? NEUTRAL;
  }

  /** What this link may do with `by`'s suggestions (SUG-2 .. SUG-4). */
  controls(by: string): SuggestionControls {
    if (!this.alliance.may({ kind: 'editCharter' })) return { settle: false, withdraw: false };
    const standing = this.alliance.standing;
    const partnerId = standing.kind === 'partner' ? standing.partner.id : null;
    if (standing.kind !== 'partner' && standing.kind !== 'facilitator') return { settle: false, withdraw: false };
    return suggestionControls({ role: this.alliance.actor.role, partnerId }, by);
  }

  /** The open suggestions by author, in the order each author first appears in the text. */
  get groups(): SuggestionGroup[] {
    // A handful of authors at most: a list searched by author is enough.
    const groups: SuggestionGroup[] = [];
    for (const suggestion of this.list) {
      let group = groups.find((g) => g.by === suggestion.by);
      if (!group) {
        group = { by: suggestion.by, name: this.nameOf(suggestion.by), color: this.colorOf(suggestion.by), suggestions: [], controls: this.controls(suggestion.by) };
        groups.push(group);
      }
      group.suggestions.push(suggestion);
    }
    return groups;
  }

  show(suggestion: Suggestion): void {
    this.writer?.show(suggestion);
  }

  accept(suggestion: Suggestion): boolean {
    return this.writer?.settle((s) => s.id === suggestion.id && s.by === suggestion.by, 'accept') ?? false;
  }

  /** Reject another partner's suggestion, or withdraw one's own: the same edit. */
  reject(suggestion: Suggestion): boolean {
    return this.writer?.settle((s) => s.id === suggestion.id && s.by === suggestion.by, 'reject') ?? false;
  }

  acceptAll(by: string): boolean {
    return this.writer?.settle((s) => s.by === by, 'accept') ?? false;
  }

  rejectAll(by: string): boolean {
    return this.writer?.settle((s) => s.by === by, 'reject') ?? false;
  }
}
