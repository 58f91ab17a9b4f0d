/**
 * The Activity screen's state: the relay's record of who changed what (ACT-1 .. ACT-4), newest first, a page at a
 * time, filtered by partner and section; offline, what this device fetched before, filtered the same way.
 */
import { filterActivity, newestFirst, type ActivityEntry, type ActivityFilter, type ActivityPage, type ActivityQuery } from '@trellis/shared';
import { RelayError } from '../../session/relayApi.ts';
import type { StorageLike } from '../../session/deviceRegistry.ts';
import { mergeActivity, readActivityCache, writeActivityCache, type CachedActivity } from './activityCache.ts';

export const ACTIVITY_PAGE_SIZE = 30;

/** The relay's activity endpoint as this screen uses it (RelayApi.activity with the alliance and secret bound). */
export type FetchActivity = (query: ActivityQuery) => Promise<ActivityPage>;

export type ActivitySource =
  /** Fetched from the relay in this visit. */
  | { kind: 'relay' }
  /** The relay could not be reached: what the device fetched before, at `fetchedAt` (null: never). */
  | { kind: 'device'; fetchedAt: number | null; why: string };

export class ActivityLog {
  entries = $state.raw<ActivityEntry[]>([]);
  /** The `before` of the next (older) page; null when there is none. */
  next = $state<number | null>(null);
  loading = $state(false);
  source = $state.raw<ActivitySource>({ kind: 'relay' });
  filter = $state.raw<ActivityFilter>({});
  private cache: CachedActivity;
  /** Ignores the answer of a request overtaken by a newer one (a filter changed meanwhile). */
  private generation = 0;

  constructor(
    private readonly fetchPage: FetchActivity | null,
    private readonly storage: StorageLike,
    private readonly allianceId: string,
    private readonly now: () => number = Date.now,
  ) {
    this.cache = readActivityCache(storage, allianceId);
  }

  /** Sets the filter and loads its first page. */
  async show(filter: ActivityFilter): Promise<void> {
    this.filter = filter;
    this.entries = [];
    this.next = null;
    await this.load(undefined);
  }

  /** The page before the oldest shown. */
  async loadOlder(): Promise<void> {
    if (this.next === null || this.loading) return;
    await this.load(this.next);
  }

  private async load(before: number | undefined): Promise<void> {
    const generation = ++this.generation;
    this.loading = true;
    try {
      if (!this.fetchPage) throw new RelayError(0, 'local', 'This alliance is not on a relay yet.');
      const page = await this.fetchPage({ ...this.filter, before, limit: ACTIVITY_PAGE_SIZE });
      if (generation !== this.generation) return;
      this.cache = mergeActivity(this.cache, page.entries, this.now());
      writeActivityCache(this.storage, this.allianceId, this.cache);
      this.entries = newestFirst([...this.entries, ...page.entries]);
      this.next = page.next;
      this.source = { kind: 'relay' };
    } catch (error) {
      if (generation !== this.generation) return;
      // Offline (or a relay without the record): the device's copy of what it fetched, in full — it is local.
      this.entries = newestFirst(filterActivity(this.cache.entries, this.filter));
      this.next = null;
      this.source = { kind: 'device', fetchedAt: this.cache.fetchedAt, why: whyNotFetched(error) };
    } finally {
      if (generation === this.generation) this.loading = false;
    }
  }
}

function whyNotFetched(error: unknown): string {
  if (error instanceof RelayError) {
    if (error.code === 'local') return error.message;
    if (error.status === 0) return 'The relay cannot be reached.';
    if (error.status === 404) return 'This relay keeps no record of changes yet.';
    return error.message;
  }
  return 'The record of changes could not be read.';
}
