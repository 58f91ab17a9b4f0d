/**
 * The charter's history: versions of its text kept in the alliance's own document (`charterVersions`, one plain
 * entry per version), bounded, and read back only when whole (HIST-3). Restoring one is a new edit of the charter,
 * made by the editor; nothing here rewrites the history.
 */
import type * as Y from 'yjs';
import { compareText } from '../method/order.ts';
import { CHARTER_VERSION, LIMITS, type CharterVersionEntry, type CharterVersionKind, type CharterVersionSummary, type Id } from '../schema.ts';
import { canonicalEncoding, encodingHash, MAX_VERSION_CHARS, versionContent, wholeText } from './charterVersion.ts';
import type { Block } from './documentBlocks.ts';
import { DocumentError } from './documentError.ts';
import { readEntry, readInput, text } from './fields.ts';
import type { Records } from './records.ts';
import { readDecision } from './decisions.ts';
import { versionsUnderRatification } from '../method/ratification.ts';

export const CHARTER_VERSIONS_ROOT = 'charterVersions';

/**
 * The history's bounds (HIST-3): at most `versions` versions, `named` of them named, and `totalChars` characters of
 * text in all. A new version makes room by pruning the oldest automatic ones; named ones are never pruned.
 */
export const VERSION_LIMITS = { versions: 100, named: 50, totalChars: 8_000_000 } as const;

/** A version with its text, read back whole. */
export interface CharterVersion extends CharterVersionSummary {
  content: Block[];
}

export function isAutomatic(kind: CharterVersionKind): boolean {
  return kind !== 'named';
}

/**
 * A stored version entry if it is whole: every field valid, its content a canonical encoding, its hash the hash of
 * that content (HIST-3). The relay asks the same of a version it is sent (AUTH-17).
 */
export function readVersionEntry(raw: unknown): (CharterVersionEntry & { blocks: Block[] }) | null {
  const entry = readEntry(raw, CHARTER_VERSION);
  const blocks = entry && wholeText(entry.content, entry.hash);
  return entry && blocks ? { ...entry, blocks } : null;
}

function versionsMap(records: Records): Y.Map<unknown> {
  return records.doc.getMap(CHARTER_VERSIONS_ROOT);
}

const byTime = (a: CharterVersionSummary, b: CharterVersionSummary) => a.at - b.at || compareText(a.id, b.id);

/**
 * The versions, oldest first, without their text. An entry with a malformed field is left out; its text is checked
 * against its hash only when it is opened (`readCharterVersion`), so that listing stays cheap.
 */
export function listCharterVersions(records: Records): CharterVersionSummary[] {
  const out: CharterVersionSummary[] = [];
  for (const [id, raw] of versionsMap(records).entries()) {
    const entry = readEntry(raw, CHARTER_VERSION);
    if (!entry) continue;
    const { content, ...summary } = entry;
    out.push({ id, ...summary, size: content.length });
  }
  return out.sort(byTime);
}

/** One version with its text, or null when there is none or it is not whole (HIST-3). */
export function readCharterVersion(records: Records, id: Id): CharterVersion | null {
  const raw = versionsMap(records).get(id);
  const entry = readVersionEntry(raw);
  if (!entry) return null;
  const { content, blocks, ...summary } = entry;
  return { id, ...summary, size: content.length, content: blocks };
}

/**
 * What a new version of `size` characters needs pruned to fit the bounds (HIST-3): the oldest automatic versions
 * first, as few as fit. Refused (a sentence) when it cannot fit: too long, or one named version too many.
 */
export function versionsToPrune(
  existing: readonly CharterVersionSummary[],
  incoming: { kind: CharterVersionKind; size: number },
  keep: ReadonlySet<Id> = new Set(),
): { prune: Id[] } | { refused: string } {
  if (incoming.size > MAX_VERSION_CHARS) return { refused: 'The charter is too long to keep as a version.' };
  if (!isAutomatic(incoming.kind) && existing.filter((v) => !isAutomatic(v.kind)).length >= VERSION_LIMITS.named) {
    return { refused: `The history already keeps ${VERSION_LIMITS.named} named versions.` };
  }
  // A version put to the partners for ratification stays until that decision is settled (RAT-5).
  const automatic = existing.filter((v) => isAutomatic(v.kind) && !keep.has(v.id)).sort(byTime);
  let count = existing.length + 1;
  let total = existing.reduce((sum, v) => sum + v.size, 0) + incoming.size;
  const prune: Id[] = [];
  for (const version of automatic) {
    if (count <= VERSION_LIMITS.versions && total <= VERSION_LIMITS.totalChars) break;
    prune.push(version.id);
    count -= 1;
    total -= version.size;
  }
  if (count > VERSION_LIMITS.versions || total > VERSION_LIMITS.totalChars) return { refused: 'The history is full of named versions.' };
  return { prune };
}

export interface NewCharterVersion {
  kind: CharterVersionKind;
  /** Required for a named version. */
  name?: string;
  partnerId: Id | null;
  by: string;
}

const versionName = text(LIMITS.name, 1);

/**
 * Takes a version of the charter as it is now (HIST-3). An automatic version is taken only when the text changed since
 * the latest version (returns null otherwise); a named one always, with its name. Makes room first, pruning the oldest
 * automatic versions; refuses (`not-allowed`) what cannot fit.
 */
export function takeCharterVersion(records: Records, fragment: Y.XmlFragment, input: NewCharterVersion): CharterVersionSummary | null {
  const content = canonicalEncoding(versionContent(fragment));
  const hash = encodingHash(content);
  const existing = listCharterVersions(records);
  const latest = existing[existing.length - 1];
  if (isAutomatic(input.kind) && latest?.hash === hash) return null;
  const name = isAutomatic(input.kind) ? '' : versionName(input.name, 'name');
  // Stryker disable next-line StringLiteral: readInput names the input only when it is not an object, and this is one
  const entry = readInput({ at: records.now(), kind: input.kind, name, partnerId: input.partnerId, by: input.by, hash, content }, CHARTER_VERSION, 'version');
  const underRatification = versionsUnderRatification(records.decisions.list().map((fields) => readDecision(records, fields)));
  const room = versionsToPrune(existing, { kind: input.kind, size: content.length }, underRatification);
  if ('refused' in room) throw new DocumentError('not-allowed', room.refused, null);
  const map = versionsMap(records);
  for (const id of room.prune) map.delete(id);
  const id = records.newId();
  map.set(id, entry);
  return { id, ...withoutContent(entry), size: content.length };
}

/**
 * Removes a version from the history (HIST-4): a named one by the partner that named it (a facilitator's by a
 * facilitator), an automatic one by anyone; none while the partners vote on ratifying it (RAT-5). Who removes is
 * checked by the authority table, here and on the relay (AUTH-17); what the vote needs, here too.
 */
export function removeCharterVersion(records: Records, id: Id): void {
  const map = versionsMap(records);
  if (!map.has(id)) throw new DocumentError('unknown-record', `No version with id ${id}`, 'id');
  if (versionsUnderRatification(records.decisions.list().map((fields) => readDecision(records, fields))).has(id)) {
    throw new DocumentError('not-allowed', 'This version is before the partners for ratification; it stays until that decision is settled.', 'id');
  }
  map.delete(id);
}

function withoutContent(entry: CharterVersionEntry): Omit<CharterVersionEntry, 'content'> {
  const { content: _content, ...rest } = entry;
  return rest;
}
