/** The alliance's own fields (name, purpose, mode, ...) and its schema version (VER-1, VER-2). */
import type * as Y from 'yjs';
import { META, SCHEMA_VERSION, type AllianceMeta, type AllianceMode } from '../schema.ts';
import { readInput, readPatch, readStoredFields } from './fields.ts';
import type { Records } from './records.ts';

export type MetaChanges = Partial<Pick<AllianceMeta, 'name' | 'purpose' | 'mode' | 'kind' | 'expectedEndAt' | 'reviewCadenceMonths'>>;

const metaMap = (records: Records): Y.Map<unknown> => records.doc.getMap('meta');

/** Writes a new alliance's meta; light mode is reviewed quarterly by default (DOC-2). */
export function writeNewMeta(records: Records, init: { name: string; mode: AllianceMode }): AllianceMeta {
  // Stryker disable next-line StringLiteral: readInput names the input only when it is not an object, and this is one
  const meta = readInput({ ...init, createdAt: records.now(), schemaVersion: SCHEMA_VERSION }, META, 'alliance', {
    reviewCadenceMonths: init.mode === 'light' ? 3 : 6,
  });
  const map = metaMap(records);
  for (const key of Object.keys(META) as (keyof AllianceMeta)[]) map.set(key, meta[key]);
  return meta;
}

export function readMeta(records: Records): AllianceMeta {
  const map = metaMap(records);
  // A document with no version predates versioning: it reads as v1 (the field's fallback).
  return readStoredFields((key) => map.get(key), META);
}

export function updateMeta(records: Records, patch: MetaChanges): void {
  const changes = readPatch(patch, META, ['name', 'purpose', 'mode', 'kind', 'expectedEndAt', 'reviewCadenceMonths']);
  const map = metaMap(records);
  for (const [key, value] of Object.entries(changes)) map.set(key, value);
}

/** Non-null when a newer Trellis wrote this document: it opens read-only rather than risk damaging it. */
export function readOnlyReason(records: Records): string | null {
  const version = metaMap(records).get('schemaVersion');
  if (typeof version === 'number' && version > SCHEMA_VERSION) {
    return `This alliance was saved by a newer version of Trellis (document schema ${version}; this app knows ${SCHEMA_VERSION}). Update the app to edit it; you can still read it.`;
  }
  return null;
}

/** False for a joined alliance whose content has not arrived yet. */
export function isInitialised(records: Records): boolean {
  return typeof metaMap(records).get('name') === 'string';
}
