/**
 * Suggestions in the charter (SUG-1 .. SUG-6 in shared/METHOD.md): words a partner proposes to insert or delete, kept
 * in the charter's own text as two marks, `insertion` and `deletion`, each carrying the suggestion's id and its
 * author (`by`: the partner's id, or `facilitator`). As marks they are Yjs formatting attributes on the text, so a
 * suggestion written offline merges like any other typing, and a suggestion costs two small attributes per run of
 * words, not a record of its own.
 */
import * as Y from 'yjs';
import type { Id } from '../schema.ts';

export type SuggestionKind = 'insertion' | 'deletion';
export const SUGGESTION_KINDS: readonly SuggestionKind[] = ['insertion', 'deletion'];

/** A facilitator suggests as itself, never in a partner's name (SUG-1). */
export const FACILITATOR_AUTHOR = 'facilitator';

/** What a suggestion mark carries. */
export interface SuggestionMarkAttrs {
  id: string;
  /** The author: a partner's id, or `facilitator`. */
  by: string;
}

/** Bounds on what a mark may carry; anything else reads as no suggestion (SUG-6). */
export const SUGGESTION_LIMITS = { id: 40, by: 64, quote: 200, context: 32 } as const;

/**
 * Whether a run of text is words a suggestion would insert (SUG-7): not yet the partners' text, so the agreed text
 * (versions, ratification, export, audit) leaves it out, and keeps the words a suggestion would delete.
 */
export function isSuggestedInsertion(attributes: Record<string, unknown> | undefined): boolean {
  return attributes !== undefined && readSuggestionAttrs(attributes['insertion']) !== null;
}

/** The author a link suggests as: its partner, or the facilitator. */
export function suggestionAuthor(partnerId: Id | null): string {
  return partnerId ?? FACILITATOR_AUTHOR;
}

/** A mark's attributes as a peer sent them: a string id and author within bounds, or nothing (SUG-6). */
export function readSuggestionAttrs(value: unknown): SuggestionMarkAttrs | null {
  if (typeof value !== 'object' || value === null) return null;
  const { id, by } = value as Record<string, unknown>;
  if (typeof id !== 'string' || typeof by !== 'string') return null;
  if (id.length === 0 || id.length > SUGGESTION_LIMITS.id || by.length === 0 || by.length > SUGGESTION_LIMITS.by) return null;
  return { id, by };
}

/** A short random id: suggestions are made offline on many devices at once, so ids are never counted up. */
export function newSuggestionId(random: () => number = Math.random): string {
  let id = '';
  for (let i = 0; i < 10; i++) id += Math.floor(random() * 36).toString(36);
  return id;
}

/** A run of the charter's text with the suggestion marks it carries (the editor's or the Yjs document's); a paragraph starts with a run `\n`. */
export interface SuggestionRun {
  text: string;
  insertion: SuggestionMarkAttrs | null;
  deletion: SuggestionMarkAttrs | null;
}

/** One open suggestion, as the list shows it. */
export interface Suggestion {
  id: string;
  by: string;
  /** The words it would add and remove ("…" between separate parts), each at most `SUGGESTION_LIMITS.quote` long. */
  inserted: string;
  deleted: string;
  /** The words just before it in its paragraph (at most `SUGGESTION_LIMITS.context` characters), to find it by. */
  before: string;
}

function clip(text: string): string {
  const flat = text.replace(/\u200B/g, '').replace(/\s+/g, ' ');
  return flat.length > SUGGESTION_LIMITS.quote ? `${flat.slice(0, SUGGESTION_LIMITS.quote - 1)}…` : flat;
}

/**
 * The open suggestions in text order (SUG-1): the runs of one id and author make one suggestion, which may both add
 * and remove words (a replacement). One pass over the runs.
 */
export function collectSuggestions(runs: Iterable<SuggestionRun>): Suggestion[] {
  const found = new Map<string, { id: string; by: string; inserted: string[]; deleted: string[]; before: string }>();
  // Stryker disable next-line ObjectLiteral: an unset kind reads undefined instead of null, and is only compared (===) with a string key
  let previous: { insertion: string | null; deletion: string | null } = { insertion: null, deletion: null };
  // The paragraph's last words so far: a suggestion's context is what precedes its first run.
  let tail = '';
  for (const run of runs) {
    // Stryker disable next-line ObjectLiteral: an unset kind reads undefined instead of null, and is only compared (===) with a string key
    const keys: { insertion: string | null; deletion: string | null } = { insertion: null, deletion: null };
    for (const kind of SUGGESTION_KINDS) {
      const mark = run[kind];
      if (!mark) continue;
      const key = `${mark.by}\u0000${mark.id}`;
      keys[kind] = key;
      let entry = found.get(key);
      if (!entry) {
        entry = { id: mark.id, by: mark.by, inserted: [], deleted: [], before: context(tail) };
        found.set(key, entry);
      }
      const parts = kind === 'insertion' ? entry.inserted : entry.deleted;
      // Runs of one suggestion that touch read as one passage (the run before left a part here to add to); separate ones are joined with "…".
      if (previous[kind] === key) parts[parts.length - 1] += run.text;
      else parts.push(run.text);
    }
    previous = keys;
    const newline = run.text.lastIndexOf('\n');
    tail = (newline >= 0 ? run.text.slice(newline + 1) : tail + run.text).slice(-SUGGESTION_LIMITS.context * 2);
  }
  return [...found.values()]
    .map((s) => ({ id: s.id, by: s.by, inserted: clip(s.inserted.join(' … ')), deleted: clip(s.deleted.join(' … ')), before: s.before }))
    .filter((s) => s.inserted !== '' || s.deleted !== '');
}

/** The last whole words of `text` within the context's length, with "…" when cut. */
function context(text: string): string {
  const flat = text.replace(/\u200B/g, '').replace(/\s+/g, ' ');
  if (flat.length <= SUGGESTION_LIMITS.context) return flat.trimStart();
  const cut = flat.slice(-SUGGESTION_LIMITS.context);
  const space = cut.indexOf(' ');
  return `…${space >= 0 && space < cut.length - 1 ? cut.slice(space) : cut}`;
}

/** The charter's text as runs with their suggestion marks, read from the Yjs document (the relay's and export's view). */
export function charterSuggestionRuns(fragment: Y.XmlFragment): SuggestionRun[] {
  const runs: SuggestionRun[] = [];
  const walk = (node: Y.XmlElement | Y.XmlFragment) => {
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlText) {
        runs.push({ text: '\n', insertion: null, deletion: null });
        for (const op of child.toDelta() as Array<{ insert: unknown; attributes?: Record<string, unknown> }>) {
          if (typeof op.insert !== 'string') continue;
          runs.push({ text: op.insert, insertion: readSuggestionAttrs(op.attributes?.['insertion']), deletion: readSuggestionAttrs(op.attributes?.['deletion']) });
        }
      } else if (child instanceof Y.XmlElement) {
        walk(child);
      }
    }
  };
  walk(fragment);
  return runs;
}

/** Who may settle a suggestion: a link's role and the partner it acts for (null: a facilitator). */
export interface SuggestionReader {
  role: 'owner' | 'edit' | 'view';
  partnerId: Id | null;
}

/** What a link is offered on one suggestion (SUG-2 .. SUG-4). */
export interface SuggestionControls {
  /** Accept it, or reject it: another partner's decision. */
  settle: boolean;
  /** Withdraw it: its author's own. */
  withdraw: boolean;
}

/**
 * SUG-2: any partner other than its author accepts or rejects a suggestion, a facilitator's included; a facilitator
 * steers the negotiation and accepts nobody's words. SUG-3: its author's partner (any of its links) withdraws its own;
 * a facilitator's, any facilitator link. SUG-4: a view link sees suggestions and is offered nothing.
 */
export function suggestionControls(reader: SuggestionReader, by: string): SuggestionControls {
  if (reader.role === 'view') return { settle: false, withdraw: false };
  const me = suggestionAuthor(reader.partnerId);
  if (me === by) return { settle: false, withdraw: true };
  return { settle: reader.partnerId !== null, withdraw: false };
}
