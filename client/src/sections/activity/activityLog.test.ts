import { describe, expect, it } from 'vitest';
import type { ActivityEntry, ActivityQuery } from '@trellis/shared';
import { MemoryStorage } from '../../session/deviceRegistry.ts';
import { RelayError } from '../../session/relayApi.ts';
import { ActivityLog } from './activityLog.svelte.ts';
import { MAX_CACHED_ENTRIES, mergeActivity, readActivityCache } from './activityCache.ts';

const entry = (seq: number, partnerId: string | null, kind: 'charter' | 'checkin' = 'charter'): ActivityEntry => ({
  seq,
  at: 1000 + seq,
  linkId: `l${seq}`,
  linkLabel: '',
  partnerId,
  places: [kind === 'charter' ? { kind: 'charter' } : { kind: 'checkin', nested: false }],
  placeCount: 1,
});

/** A relay holding `all` entries, answering pages like GET …/activity (newest first, `next` = the last seq). */
function relay(all: ActivityEntry[]) {
  const asked: ActivityQuery[] = [];
  let online = true;
  const fetchPage = async (query: ActivityQuery) => {
    asked.push(query);
    if (!online) throw new RelayError(0, 'unreachable', 'offline');
    const list = all
      .filter((e) => (query.before === undefined || e.seq < query.before) && (query.partnerId === undefined || e.partnerId === query.partnerId))
      .sort((a, b) => b.seq - a.seq);
    const page = list.slice(0, query.limit ?? 50);
    return { entries: page, next: list.length > page.length ? page.at(-1)!.seq : null };
  };
  return { fetchPage, asked, goOffline: () => (online = false) };
}

describe('the Activity screen’s record (ACT-4)', () => {
  it('ACT-4: pages newest first with "Load older", and keeps what it fetched on the device', async () => {
    const all = Array.from({ length: 45 }, (_, i) => entry(i + 1, i % 2 ? 'tech' : 'logi'));
    const r = relay(all);
    const storage = new MemoryStorage();
    const log = new ActivityLog(r.fetchPage, storage, 'a1', () => 77);
    await log.show({});
    expect(log.entries.map((e) => e.seq).slice(0, 3)).toEqual([45, 44, 43]);
    expect(log.entries).toHaveLength(30);
    await log.loadOlder();
    expect(log.entries).toHaveLength(45);
    expect(log.next).toBeNull();
    expect(log.source).toEqual({ kind: 'relay' });
    expect(readActivityCache(storage, 'a1')).toMatchObject({ fetchedAt: 77 });
    expect(readActivityCache(storage, 'a1').entries).toHaveLength(45);

    // Offline, the same filters answer from the device, and the screen says when it fetched them.
    r.goOffline();
    await log.show({ partnerId: 'tech' });
    expect(log.entries.every((e) => e.partnerId === 'tech')).toBe(true);
    expect(log.entries).toHaveLength(22);
    expect(log.source).toEqual({ kind: 'device', fetchedAt: 77, why: 'The relay cannot be reached.' });
  });

  it('asks the relay with the filter, and a damaged cache reads as empty', async () => {
    const r = relay([entry(1, null), entry(2, 'tech', 'checkin')]);
    const storage = new MemoryStorage();
    storage.setItem('trellis.activity.a1', '{not json');
    const log = new ActivityLog(r.fetchPage, storage, 'a1');
    await log.show({ partnerId: null, section: 'charter' });
    expect(r.asked[0]).toMatchObject({ partnerId: null, section: 'charter' });
    expect(log.entries.map((e) => e.seq)).toEqual([1]);
  });

  it('keeps at most MAX_CACHED_ENTRIES, the newest', () => {
    const many = Array.from({ length: MAX_CACHED_ENTRIES + 5 }, (_, i) => entry(i, null));
    const merged = mergeActivity({ entries: [], fetchedAt: null }, many, 1);
    expect(merged.entries).toHaveLength(MAX_CACHED_ENTRIES);
    expect(merged.entries[0]!.seq).toBe(MAX_CACHED_ENTRIES + 4);
  });
});
