import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { remoteCarets } from './remoteCarets.ts';

describe('the carets the editor draws hear only other people', () => {
  const setup = () => {
    const mine = new Awareness(new Y.Doc());
    const theirs = new Awareness(new Y.Doc());
    const drawn = { carets: 0 };
    const carets = remoteCarets(mine, () => drawn.carets);
    const heard: number[][] = [];
    const listener = (changes: { added: number[]; updated: number[]; removed: number[] }) => heard.push([...changes.added, ...changes.updated, ...changes.removed]);
    carets.on('change', listener);
    const arrive = () => applyAwarenessUpdate(mine, encodeAwarenessUpdate(theirs, [theirs.clientID]), 'relay');
    return { mine, theirs, carets, heard, listener, arrive, drawn };
  };

  it('this copy moving its own caret is not heard; another person arriving, moving and leaving is', () => {
    const { mine, theirs, heard, arrive, drawn } = setup();
    drawn.carets = 1;
    mine.setLocalStateField('cursor', { anchor: 1, head: 1 });
    mine.setLocalStateField('cursor', { anchor: 2, head: 2 });
    expect(heard).toEqual([]);
    theirs.setLocalStateField('cursor', { anchor: 5, head: 5 });
    arrive();
    theirs.setLocalStateField('cursor', { anchor: 6, head: 6 });
    arrive();
    theirs.setLocalState(null);
    arrive();
    expect(heard).toEqual([[theirs.clientID], [theirs.clientID], [theirs.clientID]]);
  });

  it('this copy moving is heard while none of the carets other people placed is drawn (after a change to the blocks)', () => {
    const { mine, theirs, heard, arrive, drawn } = setup();
    // Alone, or with people who placed no caret: nothing to draw again.
    mine.setLocalStateField('cursor', { anchor: 1, head: 1 });
    theirs.setLocalStateField('user', { name: 'Bo' });
    arrive();
    heard.length = 0;
    mine.setLocalStateField('cursor', { anchor: 2, head: 2 });
    expect(heard).toEqual([]);
    theirs.setLocalStateField('cursor', { anchor: 5, head: 5 });
    arrive();
    heard.length = 0;
    drawn.carets = 1;
    mine.setLocalStateField('cursor', { anchor: 3, head: 3 });
    expect(heard).toEqual([]);
    drawn.carets = 0;
    mine.setLocalStateField('cursor', { anchor: 4, head: 4 });
    expect(heard).toEqual([[mine.clientID]]);
  });

  it('reads and writes go to the awareness itself, and a listener taken off hears nothing more', () => {
    const { mine, theirs, carets, heard, listener, arrive } = setup();
    carets.setLocalStateField('user', { name: 'Ada' });
    expect(mine.getLocalState()).toEqual({ user: { name: 'Ada' } });
    expect(carets.getLocalState()).toBe(mine.getLocalState());
    expect(carets.getStates()).toBe(mine.getStates());
    carets.off('change', listener);
    theirs.setLocalStateField('cursor', { anchor: 5, head: 5 });
    arrive();
    expect(heard).toEqual([]);
    expect(carets.states.get(theirs.clientID)).toEqual({ cursor: { anchor: 5, head: 5 } });
  });
});
