import * as Y from 'yjs';
import {
  AllianceDocument,
  LOG_ROOT_NAMES,
  MAP_ROOT_NAMES,
  historyWithinBounds,
  mayWrite,
  viewOfUpdate,
  placeOf,
  type Actor,
  type AuthorityRule,
  type AuthorityView,
  type Change,
  type PathStep,
  type Place,
  activityPlaces,
  placeKey,
  type AuthorityRefusal,
} from '@trellis/shared';
import { IN_SEQUENCE, PlaceResolver, type PlaceChange, type RootKinds } from './updatePlaces.ts';
import type { ActivityRecord } from './store/allianceStore.ts';

/**
 * The relay's authority check (AUTH-1 .. AUTH-13 in PROTOCOL.md): every place a ready update writes or deletes,
 * resolved semantically against the room's document (updatePlaces.ts), is asked of shared's `mayWrite` with the
 * writer's link and the room's document as it was before the update. One per room document: a rebuilt document
 * gets a new one.
 *
 * Cost: an update that only touches the charter (typing) is resolved and admitted without reading the document
 * (AUTH-2 admits every owner or edit link there). Any other update reads the view (`authorityView`, the records
 * the rules need), which is kept until an admitted update writes outside the charter.
 */
export type AuthorityVerdict =
  | { kind: 'allowed'; places: Place[]; outsideCharter: boolean }
  | { kind: 'refused'; rule: AuthorityRule; reason: string; places: Place[] }
  /** The update names a place the document does not hold (PLACE-10, PLACE-11): malformed, not a matter of authority. */
  | { kind: 'unresolvable'; reason: string };

const ROOT_KINDS: RootKinds = {
  ...Object.fromEntries(MAP_ROOT_NAMES.map((name) => [name, 'map'])),
  ...Object.fromEntries(LOG_ROOT_NAMES.map((name) => [name, 'array'])),
  charter: 'xml',
};

/** Roots whose entries are records with fields (a field write to a stored record must find it in the view). */
const RECORD_ROOTS = new Set(['partners', 'interests', 'alignment', 'commitments', 'decisions', 'charterThreads', 'charterComments']);
const CHARTER: Place = Object.freeze({ kind: 'charter' });
/** The verdict on every update that only types in the charter (most updates): one object, never changed. */
const CHARTER_ONLY: AuthorityVerdict & { kind: 'allowed' } = { kind: 'allowed', places: [CHARTER], outsideCharter: false };
const CHARTER_ACTIVITY = activityPlaces(CHARTER_ONLY.places);
// Frozen: the SQLite store keeps the encoding of the last places array it saw, known by identity (sqliteActivity.ts).
Object.freeze(CHARTER_ACTIVITY.places);

export class AuthorityCheck {
  private readonly resolver: PlaceResolver;
  private readonly alliance: AllianceDocument;
  private view: AuthorityView | null = null;

  constructor(private readonly doc: Y.Doc) {
    this.resolver = new PlaceResolver(doc, ROOT_KINDS);
    // Only read through: the records are never written by the relay.
    this.alliance = new AllianceDocument(doc);
  }

  /** Whether `actor` may write everything `update` (ready to integrate) writes, at the relay's `now`. */
  check(actor: Actor, update: Uint8Array, now: number): AuthorityVerdict {
    const resolved = this.resolver.resolve(update);
    if (!resolved.ok) return { kind: 'unresolvable', reason: resolved.reason };
    const changes = resolved.changes;
    if (changes.every((change) => change.path[0] === 'charter')) {
      // AUTH-2: the charter is every owner or edit link's (a view link's updates never reach the check).
      if (actor.role === 'view') return { kind: 'refused', rule: 'AUTH-1', reason: 'A view link cannot change anything.', places: [CHARTER] };
      return changes.length > 0 ? CHARTER_ONLY : { kind: 'allowed', places: [], outsideCharter: false };
    }
    // The same view object for every place of the update: the rules' own writes are worked out once per view.
    const writes = this.writesOf(changes);
    const view = viewOfUpdate(writes, (this.view ??= this.alliance.authorityView()));
    const places = writes.map((write) => write.place);
    for (const { path, place, change } of writes) {
      if (this.unreadableRecord(path, view)) {
        return { kind: 'refused', rule: 'AUTH-13', reason: 'This change touches a record Trellis cannot read.', places };
      }
      const verdict = mayWrite(actor, place, change, view, now);
      if (!verdict.allowed) return { kind: 'refused', rule: verdict.rule, reason: verdict.reason, places };
    }
    // A bound over the whole update: what it adds to the charter's history net of what it prunes (AUTH-17).
    const bounded = historyWithinBounds(writes, view);
    if (!bounded.allowed) return { kind: 'refused', rule: bounded.rule, reason: bounded.reason, places };
    return { kind: 'allowed', places, outsideCharter: true };
  }

  /** An admitted update was integrated: the view is read again before the next update that needs it. */
  integrated(verdict: AuthorityVerdict & { kind: 'allowed' }): void {
    if (verdict.outsideCharter) this.view = null;
  }

  /** Each resolved change as the place it reaches and what it does there, as `mayWrite` reads them. */
  private writesOf(changes: readonly PlaceChange[]): Array<{ path: readonly string[]; place: Place; change: Change }> {
    const writes: Array<{ path: readonly string[]; place: Place; change: Change }> = [];
    const records = newRecordFields(changes);
    // Setting a key that holds a value deletes the old value: with a visible new value at that key it is an
    // update, not a removal (a map has one live value per key, so the deletion there is of that value).
    const replaced = new Set(changes.filter((c) => c.op === 'insert' && !c.deleted && !inSequence(c.path)).map((c) => pathKey(c.path)));
    // Removing a type removes what is inside it, and Yjs lists those items in the delete set too: the removal of
    // the outermost one (a record) is what is judged, its fields go with it.
    const removed = new Set(changes.filter((c) => c.op === 'delete').map((c) => pathKey(c.path)));
    const insideRemoved = (path: readonly string[]) => path.some((_, end) => end > 0 && end < path.length && removed.has(pathKey(path.slice(0, end))));
    for (const resolved of changes) {
      const { path } = resolved;
      const place = placeOf(path.map(toStep));
      if (resolved.op === 'delete') {
        if ((!inSequence(path) && replaced.has(pathKey(path))) || insideRemoved(path)) continue;
        writes.push({ path, place, change: { op: 'delete' } });
        continue;
      }
      const sequence = inSequence(path);
      if (resolved.deleted) {
        // What the update deletes itself never becomes visible, but at a map key it may still win the key
        // and so remove the value there (Yjs deletes the value it replaces): that is a removal of the key.
        if (!sequence && !replaced.has(pathKey(path)) && this.holdsKey(path)) writes.push({ path, place, change: { op: 'delete' } });
        continue;
      }
      const op = !sequence && this.holdsKey(path) ? 'update' : 'insert';
      const content = resolved.content;
      if (content.kind === 'json') {
        // In a sequence each value is an entry of its own (a log's entries); at a map key there is one value.
        const values = sequence ? content.values : content.values.slice(-1);
        for (const value of values) writes.push({ path, place: markOf(place, value), change: { op, value } });
      } else if (content.kind === 'type' && !content.map) {
        // A sequence or text where a record would be: what is written at its keys is never read, so its plain
        // content is what readers see of it (nothing), and a record claimed through its keys is no record.
        writes.push({ path, place, change: { op, value: [] } });
      } else if (content.kind === 'type') {
        // A record inserted whole: its plain content is what this update writes inside it. A field written
        // more than once in the update (a merged offline edit) is checked with each of its values.
        for (const value of recordValues(records.get(pathKey(path)))) writes.push({ path, place, change: { op, value } });
      } else {
        writes.push({ path, place, change: { op } });
      }
    }
    return writes;
  }

  /** Whether the parent map at `path` (in the document before the update) already holds its last key. */
  private holdsKey(path: readonly string[]): boolean {
    let type: unknown = this.doc.share.get(path[0]!);
    for (let i = 1; i < path.length - 1; i++) {
      if (!(type instanceof Y.Map)) return false;
      type = type.get(path[i]!);
    }
    return type instanceof Y.Map && type.has(path[path.length - 1]!);
  }

  /**
   * A write inside a record the document holds but the view could not read (a damaged record): the rules would
   * take it for a record this update creates, whose fields its insert covers. Refused (AUTH-13).
   */
  private unreadableRecord(path: readonly string[], view: AuthorityView): boolean {
    const [root, id] = path;
    if (path.length < 3 || root === undefined || id === undefined || !RECORD_ROOTS.has(root)) return false;
    const stored = this.doc.getMap(root).has(id);
    if (!stored) return false;
    const list = view[root as 'partners' | 'interests' | 'alignment' | 'commitments' | 'decisions' | 'charterThreads' | 'charterComments'] as ReadonlyArray<{ id: string }>;
    return !list.some((record) => record.id === id);
  }
}

/** A trust entry that marks a commitment names it in its place (COMMIT-4): the activity log says "marked". */
function markOf(place: Place, value: unknown): Place {
  if (place.kind !== 'trust' || place.nested || typeof value !== 'object' || value === null) return place;
  const commitmentId = (value as Record<string, unknown>)['commitmentId'];
  return typeof commitmentId === 'string' ? { ...place, commitmentId } : place;
}

const inSequence = (path: readonly string[]) => path[path.length - 1] === IN_SEQUENCE;
const toStep = (segment: string): PathStep => (segment === IN_SEQUENCE ? 0 : segment);
const pathKey = (path: readonly string[]) => path.join('\u0000');

/** The plain values this update writes at each key of each type it writes into, by the type's path. */
function newRecordFields(changes: readonly PlaceChange[]): Map<string, Map<string, unknown[]>> {
  const byParent = new Map<string, Map<string, unknown[]>>();
  for (const change of changes) {
    if (change.op !== 'insert' || change.deleted || change.path.length < 2) continue;
    const key = change.path[change.path.length - 1]!;
    if (key === IN_SEQUENCE) continue;
    const parent = pathKey(change.path.slice(0, -1));
    let fields = byParent.get(parent);
    if (!fields) byParent.set(parent, (fields = new Map()));
    const value = change.content.kind === 'json' ? change.content.values.at(-1) : change.content.kind === 'type' ? (change.content.map ? {} : []) : undefined;
    const values = fields.get(key);
    if (values) values.push(value);
    else fields.set(key, [value]);
  }
  return byParent;
}

/** The record's content with each field's last value, then once more for every other value a field was given. */
function recordValues(fields: Map<string, unknown[]> | undefined): Array<Record<string, unknown>> {
  if (!fields) return [{}];
  // Without a prototype: a key named `__proto__` is a field like any other.
  const base: Record<string, unknown> = Object.create(null);
  for (const [key, values] of fields) base[key] = values[values.length - 1];
  const variants = [base];
  for (const [key, values] of fields) {
    for (const value of new Set(values)) if (value !== base[key]) variants.push(Object.assign(Object.create(null), base, { [key]: value }));
  }
  return variants;
}

/** A refused or unresolvable verdict as the outcome the endpoint answers (4409 with the refusal, or 4400). */
export function refusalOf(
  verdict: Exclude<AuthorityVerdict, { kind: 'allowed' }>,
): { kind: 'malformed'; reason: string } | { kind: 'refused'; refusal: AuthorityRefusal } {
  if (verdict.kind === 'unresolvable') return { kind: 'malformed', reason: verdict.reason };
  const { places } = activityPlaces(verdict.places);
  return { kind: 'refused', refusal: { rule: verdict.rule, reason: verdict.reason, places: places.map(placeKey) } };
}

/** What the activity log keeps of an admitted update: who wrote it (its link and partner), when, and where. */
export function activityOf(
  from: { linkId: string | null; linkLabel: string; partnerId: string | null },
  verdict: AuthorityVerdict & { kind: 'allowed' },
): ActivityRecord {
  const { places, placeCount } = verdict === CHARTER_ONLY ? CHARTER_ACTIVITY : activityPlaces(verdict.places);
  return { at: Date.now(), linkId: from.linkId ?? '', linkLabel: from.linkLabel, partnerId: from.partnerId, places, placeCount };
}
