/**
 * The activity pages this device fetched, kept on the device so the Activity screen still answers offline (ACT-4):
 * entries by the relay's sequence, when they were fetched, bounded. Read tolerantly: a damaged cache is an empty one.
 */
import type { ActivityEntry } from '@trellis/shared';
import { isActivityEntry } from '../../session/relayApi.ts';
import type { StorageLike } from '../../session/deviceRegistry.ts';

/** Enough for months of an alliance's changes on a phone, small enough for localStorage (about 1 KB an entry). */
export const MAX_CACHED_ENTRIES = 1000;

export interface CachedActivity {
  entries: ActivityEntry[];
  /** When the device last fetched a page from the relay; null when it never did. */
  fetchedAt: number | null;
}

const keyOf = (allianceId: string) => `trellis.activity.${allianceId}`;

export function readActivityCache(storage: StorageLike, allianceId: string): CachedActivity {
  try {
    const raw = storage.getItem(keyOf(allianceId));
    if (!raw) return { entries: [], fetchedAt: null };
    const value = JSON.parse(raw) as Partial<CachedActivity>;
    const entries = Array.isArray(value.entries) ? value.entries.filter(isActivityEntry) : [];
    return { entries, fetchedAt: typeof value.fetchedAt === 'number' ? value.fetchedAt : null };
  } catch {
    return { entries: [], fetchedAt: null };
  }
}

/** Adds fetched entries (one per sequence number, the newest kept when over the bound) and stamps the fetch. */
export function mergeActivity(cached: CachedActivity, fetched: readonly ActivityEntry[], fetchedAt: number): CachedActivity {
  const bySeq = new Map(cached.entries.map((e) => [e.seq, e]));
  for (const entry of fetched) bySeq.set(entry.seq, entry);
  const entries = [...bySeq.values()].sort((a, b) => b.seq - a.seq).slice(0, MAX_CACHED_ENTRIES);
  return { entries, fetchedAt };
}

export function writeActivityCache(storage: StorageLike, allianceId: string, cache: CachedActivity): void {
  try {
    storage.setItem(keyOf(allianceId), JSON.stringify(cache));
  } catch {
    // Storage full or blocked: the screen still shows what it fetched in this visit.
  }
}
