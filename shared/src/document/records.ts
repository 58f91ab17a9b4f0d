import * as Y from 'yjs';
import { newRecordId, type RandomBytes } from '../ids.ts';
import { ALIGNMENT_LINK, CHARTER_COMMENT, CHARTER_THREAD, CHECK_IN, COMMITMENT, DECISION, INTEREST, PARTNER, REVIEW, TRUST_ENTRY } from '../schema.ts';
import { RecordCollection, RecordLog } from './recordCollection.ts';

/**
 * The roots of one alliance's Y.Doc, opened once, with the clock and the id source every write uses. Each
 * aggregate module (partners.ts, decisions.ts, ...) writes through these; `AllianceDocument` runs each write in
 * one transaction and refuses it on a read-only document.
 */
export interface Records {
  readonly doc: Y.Doc;
  readonly now: () => number;
  readonly newId: () => string;
  readonly partners: RecordCollection<typeof PARTNER>;
  readonly interests: RecordCollection<typeof INTEREST>;
  readonly alignment: RecordCollection<typeof ALIGNMENT_LINK>;
  readonly commitments: RecordCollection<typeof COMMITMENT>;
  readonly decisions: RecordCollection<typeof DECISION>;
  readonly trust: RecordLog<typeof TRUST_ENTRY>;
  readonly checkins: RecordLog<typeof CHECK_IN>;
  readonly reviews: RecordLog<typeof REVIEW>;
  readonly charterThreads: RecordCollection<typeof CHARTER_THREAD>;
  readonly charterComments: RecordCollection<typeof CHARTER_COMMENT>;
}

export function openRecords(doc: Y.Doc, now: () => number, random: RandomBytes): Records {
  return {
    doc,
    now,
    newId: () => newRecordId(random),
    partners: new RecordCollection(doc.getMap('partners'), PARTNER, 'partner'),
    interests: new RecordCollection(doc.getMap('interests'), INTEREST, 'interest'),
    alignment: new RecordCollection(doc.getMap('alignment'), ALIGNMENT_LINK, 'link'),
    commitments: new RecordCollection(doc.getMap('commitments'), COMMITMENT, 'commitment'),
    decisions: new RecordCollection(doc.getMap('decisions'), DECISION, 'decision'),
    trust: new RecordLog(doc.getArray('trust'), TRUST_ENTRY),
    checkins: new RecordLog(doc.getArray('checkins'), CHECK_IN),
    reviews: new RecordLog(doc.getArray('reviews'), REVIEW),
    charterThreads: new RecordCollection(doc.getMap('charterThreads'), CHARTER_THREAD, 'comment thread'),
    charterComments: new RecordCollection(doc.getMap('charterComments'), CHARTER_COMMENT, 'comment'),
  };
}

/** Copies only the named own properties of an untrusted object (never its prototype chain). */
export function pickKnown<K extends string>(input: unknown, keys: readonly K[]): Partial<Record<K, unknown>> {
  const out: Partial<Record<K, unknown>> = {};
  if (typeof input !== 'object' || input === null) return out;
  for (const key of keys) {
    if (Object.prototype.hasOwnProperty.call(input, key)) out[key] = (input as Record<string, unknown>)[key];
  }
  return out;
}
