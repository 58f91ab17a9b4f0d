import { describe, expect, it } from 'vitest';
import { createLogger } from './log.ts';
import { RelayMetrics } from './metrics.ts';
import { createMemoryStore } from './store/memoryStore.ts';
import { MAX_BATCH_BYTES, UpdateWriter } from './updateWriter.ts';

describe('UpdateWriter', () => {
  it('STORE-8 batches updates of one turn into one append, and reports each once stored', async () => {
    const store = createMemoryStore();
    const calls: number[] = [];
    const append = store.appendUpdates.bind(store);
    store.appendUpdates = async (entries) => {
      calls.push(entries.length);
      return append(entries);
    };
    const writer = new UpdateWriter(store, new RelayMetrics(), createLogger(() => {}));
    const stored: number[] = [];
    for (let i = 0; i < 5; i++) writer.enqueue({ allianceId: 'a', update: Uint8Array.of(i) }, (seq) => stored.push(seq));
    expect(stored).toEqual([]);
    await writer.whenIdle();
    expect(calls).toEqual([5]);
    expect(stored).toEqual([1, 2, 3, 4, 5]);
  });

  it('STORE-11 with a store that commits inline, the first update of a turn is stored before enqueue returns; the rest of the turn share one append', async () => {
    let seq = 0;
    const inline: number[] = [];
    const queued: number[] = [];
    const store = {
      ...createMemoryStore(),
      appendUpdatesNow: (entries: readonly unknown[]) => {
        inline.push(entries.length);
        return entries.map(() => ++seq);
      },
      appendUpdates: async (entries: readonly unknown[]) => {
        queued.push(entries.length);
        return entries.map(() => ++seq);
      },
    };
    const writer = new UpdateWriter(store, new RelayMetrics(), createLogger(() => {}));
    const stored: number[] = [];
    writer.enqueue({ allianceId: 'a', update: Uint8Array.of(0) }, (n) => stored.push(n));
    expect(stored).toEqual([1]);
    for (let i = 1; i < 5; i++) writer.enqueue({ allianceId: 'a', update: Uint8Array.of(i) }, (n) => stored.push(n));
    expect(stored).toEqual([1]);
    await writer.whenIdle();
    expect(stored).toEqual([1, 2, 3, 4, 5]);
    expect([inline, queued]).toEqual([[1], [4]]);

    // A new turn commits inline again.
    await new Promise((resolve) => setImmediate(resolve));
    writer.enqueue({ allianceId: 'a', update: Uint8Array.of(5) }, (n) => stored.push(n));
    expect(stored).toEqual([1, 2, 3, 4, 5, 6]);
    expect(inline).toEqual([1, 1]);
  });

  it('STORE-11 an inline commit that fails is logged and retried, and what follows waits behind it', async () => {
    let seq = 0;
    let failuresLeft = 1;
    const store = {
      ...createMemoryStore(),
      appendUpdatesNow: (entries: readonly unknown[]) => {
        if (failuresLeft-- > 0) throw new Error('disk full');
        return entries.map(() => ++seq);
      },
      appendUpdates: async (entries: readonly unknown[]) => entries.map(() => ++seq),
    };
    const lines: string[] = [];
    const writer = new UpdateWriter(store, new RelayMetrics(), createLogger((line) => lines.push(line)));
    const stored: string[] = [];
    writer.enqueue({ allianceId: 'a', update: Uint8Array.of(1) }, (n) => stored.push(`first ${n}`));
    expect(stored).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    writer.enqueue({ allianceId: 'a', update: Uint8Array.of(2) }, (n) => stored.push(`second ${n}`));
    expect(stored).toEqual([]);
    await writer.whenIdle();
    expect(stored).toEqual(['first 1', 'second 2']);
    expect(lines.filter((line) => line.includes('store write failed'))).toHaveLength(1);
  });

  it('STORE-11 a store that fsyncs every append never commits inline: the turn shares one fsync', async () => {
    const inline: number[] = [];
    const store = {
      ...createMemoryStore(),
      syncsEveryAppend: true,
      appendUpdatesNow: (entries: readonly unknown[]) => {
        inline.push(entries.length);
        return entries.map((_, i) => i + 1);
      },
    };
    const writer = new UpdateWriter(store, new RelayMetrics(), createLogger(() => {}));
    const stored: number[] = [];
    for (let i = 0; i < 3; i++) writer.enqueue({ allianceId: 'a', update: Uint8Array.of(i) }, (n) => stored.push(n));
    expect(stored).toEqual([]);
    await writer.whenIdle();
    expect(stored).toHaveLength(3);
    expect(inline).toEqual([]);
  });

  it('STORE-18 a burst of large updates is appended (and so relayed) in parts of at most MAX_BATCH_BYTES, in order', async () => {
    const store = { ...createMemoryStore(), syncsEveryAppend: true };
    const append = store.appendUpdates;
    const batches: number[][] = [];
    store.appendUpdates = async (entries) => {
      batches.push(entries.map((entry) => entry.update.length));
      return append(entries);
    };
    const writer = new UpdateWriter(store, new RelayMetrics(), createLogger(() => {}));
    const third = Math.floor(MAX_BATCH_BYTES / 3);
    const sizes = [third, third, third, MAX_BATCH_BYTES * 2, 10, 10];
    const stored: number[] = [];
    for (const size of sizes) writer.enqueue({ allianceId: 'a', update: new Uint8Array(size) }, (seq) => stored.push(seq));
    await writer.whenIdle();
    expect(batches).toEqual([[third, third, third], [MAX_BATCH_BYTES * 2], [10, 10]]);
    expect(stored).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('STORE-9 a failed write is logged and retried in order; nothing is reported stored before it is', async () => {
    const store = createMemoryStore();
    const append = store.appendUpdates.bind(store);
    let failuresLeft = 3;
    store.appendUpdates = async (entries) => {
      if (failuresLeft-- > 0) throw new Error('disk full');
      return append(entries);
    };
    const lines: string[] = [];
    const metrics = new RelayMetrics();
    const writer = new UpdateWriter(store, metrics, createLogger((line) => lines.push(line)));
    const stored: number[] = [];
    writer.enqueue({ allianceId: 'a', update: Uint8Array.of(1) }, () => stored.push(1));
    writer.enqueue({ allianceId: 'a', update: Uint8Array.of(2) }, () => stored.push(2));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stored).toEqual([]);
    writer.enqueue({ allianceId: 'a', update: Uint8Array.of(3) }, () => stored.push(3));
    await writer.whenIdle();
    expect(stored).toEqual([1, 2, 3]);
    expect(metrics.storeFailures).toBe(3);
    expect(lines.filter((line) => line.includes('store write failed'))).toHaveLength(3);
    expect((await store.loadDocument('a')).updates).toEqual([Uint8Array.of(1), Uint8Array.of(2), Uint8Array.of(3)]);
  });
});
