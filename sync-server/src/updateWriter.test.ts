import { describe, expect, it } from 'vitest';
import { createLogger } from './log.ts';
import { RelayMetrics } from './metrics.ts';
import { createMemoryStore } from './store/memoryStore.ts';
import { UpdateWriter } from './updateWriter.ts';

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
