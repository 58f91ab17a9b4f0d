import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness, removeAwarenessStates } from 'y-protocols/awareness';
import { keepCharterVersions } from './charterVersionKeeper.ts';

function setup() {
  const doc = new Y.Doc();
  const awareness = new Awareness(doc);
  const kept: string[] = [];
  const waiting = new Map<number, () => void>();
  let next = 0;
  const stop = keepCharterVersions({
    charter: doc.getXmlFragment('charter'),
    awareness,
    keep: (kind) => kept.push(kind),
    pauseMs: 1000,
    timers: {
      set: (run) => {
        next += 1;
        waiting.set(next, run);
        return next;
      },
      clear: (handle) => waiting.delete(handle as number),
    },
  });
  const elapse = () => {
    const runs = [...waiting.values()];
    waiting.clear();
    for (const run of runs) run();
  };
  return { doc, awareness, kept, waiting, elapse, stop };
}

describe('automatic versions of the charter', () => {
  it('HIST-3: a pause after my own edits keeps one version; every edit starts the pause again', () => {
    const { doc, kept, waiting, elapse } = setup();
    doc.getXmlFragment('charter').insert(0, [new Y.XmlText('one')]);
    doc.getXmlFragment('charter').insert(1, [new Y.XmlText('two')]);
    expect(waiting.size).toBe(1);
    expect(kept).toEqual([]);
    elapse();
    expect(kept).toEqual(['pause']);
  });

  it("HIST-3: another copy's edits arriving here start no pause", () => {
    const { doc, kept, waiting } = setup();
    const other = new Y.Doc();
    other.getXmlFragment('charter').insert(0, [new Y.XmlText('theirs')]);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other), 'relay');
    expect(waiting.size).toBe(0);
    expect(kept).toEqual([]);
  });

  it('HIST-3: when someone leaves, only the copy with the lowest id among those still here keeps a version', () => {
    const { doc, awareness, kept } = setup();
    awareness.setLocalState({ user: { name: 'Ada' } });
    const before = doc.clientID - 1;
    const after = doc.clientID + 1;
    // Two others are here: one with a lower id, one with a higher.
    awareness.states.set(before, { user: { name: 'Bo' } });
    awareness.meta.set(before, { clock: 1, lastUpdated: Date.now() });
    awareness.states.set(after, { user: { name: 'Cy' } });
    awareness.meta.set(after, { clock: 1, lastUpdated: Date.now() });
    removeAwarenessStates(awareness, [after], 'test');
    expect(kept).toEqual([]);
    removeAwarenessStates(awareness, [before], 'test');
    expect(kept).toEqual(['partner-left']);
  });

  it('HIST-3: stopping cancels a pending pause', () => {
    const { doc, kept, waiting, stop } = setup();
    doc.getXmlFragment('charter').insert(0, [new Y.XmlText('one')]);
    stop();
    expect(waiting.size).toBe(0);
    doc.getXmlFragment('charter').insert(0, [new Y.XmlText('two')]);
    expect(waiting.size).toBe(0);
    expect(kept).toEqual([]);
  });
});
