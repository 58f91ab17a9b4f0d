/**
 * The charter's ratifications (RAT-2 .. RAT-5): one plain entry per ratifying decision in `charterRatifications`,
 * written only by applying that decision (constitution.ts) and read back only when whole. Proposing one is a
 * constitution change (`ratify-charter`), so its votes follow the rules in force like every decision's.
 */
import type * as Y from 'yjs';
import { latestRatification, ratificationDrift, type Drift } from '../method/ratification.ts';
import { CHARTER_RATIFICATION, type CharterRatificationEntry, type CharterRatificationSummary, type ConstitutionChange, type Id } from '../schema.ts';
import { readCharterVersion } from './charterHistory.ts';
import { canonicalEncoding, versionContent, wholeText } from './charterVersion.ts';
import type { Block } from './documentBlocks.ts';
import { readEntry } from './fields.ts';
import type { Records } from './records.ts';

export const CHARTER_RATIFICATIONS_ROOT = 'charterRatifications';

/** A ratification with the text it ratified, read back whole. */
export interface CharterRatification extends CharterRatificationSummary {
  content: Block[];
}

/** A stored ratification if it is whole: every field valid, its text canonical, and the hash its text's (RAT-2). */
export function readRatificationEntry(raw: unknown): (CharterRatificationEntry & { blocks: Block[] }) | null {
  const entry = readEntry(raw, CHARTER_RATIFICATION);
  const blocks = entry && wholeText(entry.content, entry.hash);
  return entry && blocks ? { ...entry, blocks } : null;
}

function ratificationsMap(records: Records): Y.Map<unknown> {
  return records.doc.getMap(CHARTER_RATIFICATIONS_ROOT);
}

/** The ratifications, oldest first, without their text; a malformed entry is left out. */
export function listCharterRatifications(records: Records): CharterRatificationSummary[] {
  const out: CharterRatificationSummary[] = [];
  for (const [decisionId, raw] of ratificationsMap(records).entries()) {
    const entry = readEntry(raw, CHARTER_RATIFICATION);
    if (!entry) continue;
    const { content: _content, ...summary } = entry;
    out.push({ decisionId, ...summary });
  }
  return out.sort((a, b) => a.number - b.number || a.ratifiedAt - b.ratifiedAt);
}

/** One ratification with its text, or null when there is none or it is not whole. */
export function readCharterRatification(records: Records, decisionId: Id): CharterRatification | null {
  const entry = readRatificationEntry(ratificationsMap(records).get(decisionId));
  if (!entry) return null;
  const { content: _content, blocks, ...summary } = entry;
  return { decisionId, ...summary, content: blocks };
}

/**
 * The canonical text a `ratify-charter` change ratifies (RAT-1, RAT-2): the version's, when the history still holds it
 * whole with the hash the change names; else null.
 */
export function ratifiableContent(records: Records, change: ConstitutionChange & { kind: 'ratify-charter' }): string | null {
  const version = readCharterVersion(records, change.versionId);
  if (!version || version.hash !== change.hash) return null;
  return canonicalEncoding(version.content);
}

/** The latest ratification and whether the live charter has drifted from it (RAT-4); null when none is recorded. */
export function charterDrift(records: Records, fragment: Y.XmlFragment): { ratification: CharterRatification; drift: Drift } | null {
  const latest = latestRatification(listCharterRatifications(records));
  const ratification = latest && readCharterRatification(records, latest.decisionId);
  if (!ratification) return null;
  return { ratification, drift: ratificationDrift(ratification.content, versionContent(fragment)) };
}
