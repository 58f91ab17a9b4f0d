/**
 * The semantic places of an alliance document: what a write or a deletion touches, in the method's terms (a vote of
 * one partner, an interest, the quorum), resolved from a path in the Y.Doc. The authority table (rules.ts) is written
 * against places, never against bytes or Yjs internals (AUTH-13 in sync-server/PROTOCOL.md).
 */
import { ALIGNMENT_LINK, CHARTER_COMMENT, CHARTER_THREAD, COMMITMENT, DECISION, DECISION_CATEGORIES, EXIT_PLAN, GOVERNANCE, INTEREST, META, PARTNER, SHARED_ASSET, type Id } from '../schema.ts';

/** A record's own fields; `null` means the record itself (inserted whole, or removed). */
export type RecordField = string | null;

export type Place =
  | { kind: 'charter' }
  | { kind: 'meta'; field: string }
  | { kind: 'partner'; partnerId: Id; field: RecordField }
  | { kind: 'interest'; interestId: Id; field: RecordField }
  | { kind: 'alignment'; linkId: Id; field: RecordField }
  | { kind: 'commitment'; commitmentId: Id; field: RecordField }
  | { kind: 'decision'; decisionId: Id; field: RecordField }
  /** `partnerId` null: the decision's votes map itself. */
  | { kind: 'vote'; decisionId: Id; partnerId: Id | null }
  /** `part`: the comments list itself, one comment, or a write inside one (comments are plain values). */
  | { kind: 'comment'; decisionId: Id; part: 'list' | 'entry' | 'nested' }
  /**
 * `nested`: a write inside an entry, which logs never have (entries are plain values). A trust entry the relay reads
 * whole also names the commitment it marks (`commitmentId`, COMMIT-4), so the activity log can say so.
 */
  | { kind: 'trust'; nested: boolean; commitmentId?: Id }
  | { kind: 'checkin'; nested: boolean }
  | { kind: 'review'; nested: boolean }
  | { kind: 'governance'; field: string }
  | { kind: 'exitPlan'; field: string }
  /** `assetId` null: the assets map itself. */
  | { kind: 'asset'; assetId: Id | null; field: RecordField }
  /** A comment thread on the charter: where its passage is, who opened it, whether it is resolved (AUTH-16). */
  | { kind: 'charterThread'; threadId: Id; field: RecordField }
  /** One comment on the charter, its author's own (AUTH-16). */
  | { kind: 'charterComment'; commentId: Id; field: RecordField }
  /** A version of the charter (`nested`: a write inside one, which is a plain value), AUTH-17. */
  | { kind: 'charterVersion'; versionId: Id; nested: boolean }
  /** The charter's ratification by a decision, under that decision's id (`nested`: a write inside it), AUTH-18. */
  | { kind: 'charterRatification'; decisionId: Id; nested: boolean }
  /** A root or shape the schema does not know: refused (AUTH-13). */
  | { kind: 'unknown'; path: string };

export type PlaceKind = Place['kind'];

/** One step of a path: a map key, or an index in an array or text. */
export type PathStep = string | number;

const key = (step: PathStep | undefined): string | null => (typeof step === 'string' ? step : null);

/**
 * The place a path from a root reaches: `[root, recordKey, field, nestedKey, ...]`. A path that goes deeper than the
 * schema's shape stays at the deepest place the schema knows (a nested map inside an interest's text is still that
 * interest's text), except in logs and votes, whose entries are plain values: there a deeper path is its own place,
 * so the table can refuse it. Anything unrecognised is `unknown`.
 */
export function placeOf(path: readonly PathStep[]): Place {
  const [root, first, second, third] = path;
  const unknown = (): Place => ({ kind: 'unknown', path: path.map(String).join('/') });
  const recordKey = key(first);
  const field = second === undefined ? null : key(second);
  const recordPlace = <K extends string>(make: (id: Id, f: RecordField) => Place & { kind: K }): Place =>
    recordKey === null || (second !== undefined && field === null) ? unknown() : make(recordKey, field);
  switch (root) {
    case 'charter':
      return { kind: 'charter' };
    case 'meta':
    case 'governance':
      return recordKey === null ? unknown() : { kind: root, field: recordKey };
    case 'exitPlan':
      if (recordKey === 'assets') {
        if (second === undefined) return { kind: 'asset', assetId: null, field: null };
        const assetId = key(second);
        const assetField = third === undefined ? null : key(third);
        return assetId === null || (third !== undefined && assetField === null) ? unknown() : { kind: 'asset', assetId, field: assetField };
      }
      return recordKey === null ? unknown() : { kind: 'exitPlan', field: recordKey };
    case 'partners':
      return recordPlace((partnerId, f) => ({ kind: 'partner', partnerId, field: f }));
    case 'interests':
      return recordPlace((interestId, f) => ({ kind: 'interest', interestId, field: f }));
    case 'alignment':
      return recordPlace((linkId, f) => ({ kind: 'alignment', linkId, field: f }));
    case 'commitments':
      return recordPlace((commitmentId, f) => ({ kind: 'commitment', commitmentId, field: f }));
    case 'decisions':
      if (recordKey === null || (second !== undefined && field === null)) return unknown();
      if (field === 'votes') {
        if (third === undefined) return { kind: 'vote', decisionId: recordKey, partnerId: null };
        const partnerId = key(third);
        // A vote is a plain value: a path inside it is a nested type no honest client writes.
        return partnerId === null || path.length > 4 ? unknown() : { kind: 'vote', decisionId: recordKey, partnerId };
      }
      if (field === 'comments') return { kind: 'comment', decisionId: recordKey, part: path.length === 3 ? 'list' : path.length === 4 ? 'entry' : 'nested' };
      return { kind: 'decision', decisionId: recordKey, field };
    case 'charterThreads':
      return recordPlace((threadId, f) => ({ kind: 'charterThread', threadId, field: f }));
    case 'charterComments':
      return recordPlace((commentId, f) => ({ kind: 'charterComment', commentId, field: f }));
    case 'charterVersions':
      return recordKey === null ? unknown() : { kind: 'charterVersion', versionId: recordKey, nested: path.length > 2 };
    case 'charterRatifications':
      return recordKey === null ? unknown() : { kind: 'charterRatification', decisionId: recordKey, nested: path.length > 2 };
    case 'trust':
      return { kind: 'trust', nested: path.length > 2 };
    case 'checkins':
      return { kind: 'checkin', nested: path.length > 2 };
    case 'reviews':
      return { kind: 'review', nested: path.length > 2 };
    default:
      return unknown();
  }
}

/** Two places are the same place (used to match a write against a passed decision's effect). */
export function samePlace(a: Place, b: Place): boolean {
  if (a.kind !== b.kind) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  return Object.keys(left).every((k) => left[k] === right[k]);
}

/** A stable text key for a place, for deduplicating (activity) and for logs. */
export function placeKey(place: Place): string {
  return [place.kind, ...Object.entries(place).filter(([k]) => k !== 'kind').map(([, v]) => String(v))].join('/');
}

const fieldsOf = (shape: object, ...more: string[]) => new Set([...Object.keys(shape), ...more]);
const KNOWN_FIELDS: Partial<Record<PlaceKind, ReadonlySet<string>>> = {
  meta: fieldsOf(META),
  partner: fieldsOf(PARTNER),
  interest: fieldsOf(INTEREST),
  alignment: fieldsOf(ALIGNMENT_LINK),
  commitment: fieldsOf(COMMITMENT),
  decision: fieldsOf(DECISION),
  governance: fieldsOf(GOVERNANCE, ...DECISION_CATEGORIES.map((c) => `${c}Rule`)),
  exitPlan: fieldsOf(EXIT_PLAN),
  asset: fieldsOf(SHARED_ASSET),
  charterThread: fieldsOf(CHARTER_THREAD),
  charterComment: fieldsOf(CHARTER_COMMENT),
};

/** Whether the schema declares this place: a record's or a setting's field it knows, or a record itself (AUTH-13). */
export function knownPlace(place: Place): boolean {
  if (place.kind === 'unknown') return false;
  const known = KNOWN_FIELDS[place.kind];
  if (!known || !('field' in place) || place.field === null) return true;
  return known.has(place.field);
}
