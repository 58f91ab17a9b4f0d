import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { shareBetweenTabs } from './tabChannel.ts';

/** Each tab's doc holds one list of words; what a tab typed offline is already in it when it opens. */
const tab = (...words: string[]) => {
  const doc = new Y.Doc();
  doc.getArray<string>('words').push(words);
  return doc;
};
const words = (doc: Y.Doc) => [...doc.getArray<string>('words').toArray()].sort();
/** BroadcastChannel delivers in later tasks: until both tabs hold the same words, or a second passes. */
async function settled(check: () => boolean): Promise<void> {
  for (let waited = 0; waited < 1000 && !check(); waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('tabs of one browser share an alliance directly', () => {
  const stops: Array<() => void> = [];
  const open = (doc: Y.Doc, id: string, rejected: string[] = []) => {
    const shared = shareBetweenTabs(doc, id, (reason) => rejected.push(reason));
    stops.push(shared.stop);
    return shared;
  };
  afterEach(() => stops.splice(0).forEach((stop) => stop()));

  it('a tab that opens gets what the open tab has and gives what it has, both offline; then every edit crosses', async () => {
    const first = tab('kept by the first tab');
    const second = tab('typed in the second tab before it opened');
    open(first, 'lyon-1');
    open(second, 'lyon-1');
    await settled(() => words(first).length === 2 && words(second).length === 2);
    expect(words(first)).toEqual(['kept by the first tab', 'typed in the second tab before it opened']);
    expect(words(second)).toEqual(words(first));

    second.getArray<string>('words').delete(0, second.getArray('words').length);
    first.getArray<string>('words').push(['after']);
    await settled(() => words(first).length === 1 && words(second).length === 1);
    expect(words(first)).toEqual(['after']);
    expect(words(second)).toEqual(['after']);
  });

  it('another alliance\'s tabs hear nothing, and a stopped tab neither hears nor sends', async () => {
    const first = tab('one');
    const other = tab('other alliance');
    const stopped = tab('two');
    open(first, 'lyon-2');
    open(other, 'nantes');
    open(stopped, 'lyon-2').stop();
    first.getArray<string>('words').push(['three']);
    stopped.getArray<string>('words').push(['four']);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(words(first)).toEqual(['one', 'three']);
    expect(words(other)).toEqual(['other alliance']);
    expect(words(stopped)).toEqual(['four', 'two']);
  });

  it('a message that is not a tab\'s, a damaged update or an answer meant for another tab changes nothing', async () => {
    const doc = tab('intact');
    const rejected: string[] = [];
    const shared = open(doc, 'lyon-3', rejected);
    const stranger = new BroadcastChannel('trellis-tabs:lyon-3');
    const elsewhere = Y.encodeStateAsUpdate(tab('meant for another tab'));
    stranger.postMessage({ kind: 'update', from: 'x', update: 'not bytes' });
    stranger.postMessage({ kind: 'update', from: 'x', update: new Uint8Array([1, 200, 7, 7, 7]) });
    stranger.postMessage({ kind: 'ask', from: 'x', stateVector: new Uint8Array([5, 255]) });
    stranger.postMessage({ kind: 'answer', from: 'x', to: 'another tab', update: elsewhere, stateVector: null });
    await settled(() => rejected.length === 3);
    stranger.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(rejected).toHaveLength(3);
    expect(rejected[0]).toMatch(/not one of Trellis/);
    expect(words(doc)).toEqual(['intact']);
    expect(shared.origin).toBeTruthy();
  });
});
