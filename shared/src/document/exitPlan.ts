/** The mutual exit plan: its terms and the shared assets (REC-7). */
import * as Y from 'yjs';
import { EXIT_PLAN, SHARED_ASSET, type ExitPlan, type SharedAsset } from '../schema.ts';
import { DocumentError } from './documentError.ts';
import { defaultsOf, readInput, readPatch, readStoredFields } from './fields.ts';
import { RecordCollection } from './recordCollection.ts';
import { pickKnown, type Records } from './records.ts';

export type ExitPlanChanges = Partial<Omit<ExitPlan, 'assets'>>;
export type AssetChanges = Partial<Omit<SharedAsset, 'id'>>;

const plan = (records: Records): Y.Map<unknown> => records.doc.getMap('exitPlan');

export function writeDefaultExitPlan(records: Records): void {
  const map = plan(records);
  const defaults = defaultsOf(EXIT_PLAN);
  for (const key of Object.keys(EXIT_PLAN) as (keyof typeof EXIT_PLAN)[]) map.set(key, defaults[key]);
  map.set('assets', new Y.Map());
}

export function readExitPlan(records: Records): ExitPlan {
  const map = plan(records);
  return { ...readStoredFields((key) => map.get(key), EXIT_PLAN), assets: assets(records)?.list() ?? [] };
}

export function updateExitPlan(records: Records, patch: ExitPlanChanges): void {
  const changes = readPatch(patch, EXIT_PLAN, ['noticePeriodDays', 'nonDisparagement', 'forceMajeure']);
  const map = plan(records);
  for (const [key, value] of Object.entries(changes)) map.set(key, value);
}

export function addAsset(records: Records, input: Omit<SharedAsset, 'id'>): SharedAsset {
  const given = pickKnown(input, ['name', 'holder', 'split']);
  // Stryker disable next-line StringLiteral: readInput names the input only when it is not an object, and this is one
  const fields = readInput(given, SHARED_ASSET, 'asset');
  let collection = assets(records);
  if (!collection) {
    plan(records).set('assets', new Y.Map());
    collection = assets(records)!;
  }
  return collection.insert(records.newId(), fields);
}

export function updateAsset(records: Records, id: string, patch: AssetChanges): void {
  requireAssets(records).update(id, patch, ['name', 'holder', 'split']);
}

export function removeAsset(records: Records, id: string): void {
  requireAssets(records).remove(id);
}

function assets(records: Records): RecordCollection<typeof SHARED_ASSET> | null {
  const map = plan(records).get('assets');
  return map instanceof Y.Map ? new RecordCollection(map as Y.Map<unknown>, SHARED_ASSET, 'asset') : null;
}

function requireAssets(records: Records): RecordCollection<typeof SHARED_ASSET> {
  const collection = assets(records);
  if (!collection) throw new DocumentError('unknown-record', 'This alliance has no shared assets yet', 'id');
  return collection;
}
