import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { charterOnly, SnapshotRefresh } from './snapshotRefresh.ts';

describe('when the session reads its snapshot again', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  const make = () => {
    const read = vi.fn();
    return { read, refresh: new SnapshotRefresh(read, { soonMs: 30, charterPauseMs: 300, charterMaxMs: 2000 }, () => Date.now()) };
  };

  it('reads a change to the records within a few milliseconds, a burst once', () => {
    const { read, refresh } = make();
    refresh.changed(false);
    vi.advanceTimersByTime(10);
    refresh.changed(false);
    vi.advanceTimersByTime(19);
    expect(read).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(read).toHaveBeenCalledTimes(1);
  });

  it('reads typing in the charter once it pauses, and at least every two seconds while it goes on', () => {
    const { read, refresh } = make();
    for (let key = 0; key < 10; key++) {
      refresh.changed(true);
      vi.advanceTimersByTime(100);
    }
    expect(read).not.toHaveBeenCalled();
    vi.advanceTimersByTime(200);
    expect(read).toHaveBeenCalledTimes(1);
    // Typing without a pause: read at the cap.
    for (let key = 0; key < 25; key++) {
      refresh.changed(true);
      vi.advanceTimersByTime(100);
    }
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('a change to the records while typing is read at once, not after the pause', () => {
    const { read, refresh } = make();
    refresh.changed(true);
    vi.advanceTimersByTime(100);
    refresh.changed(false);
    vi.advanceTimersByTime(30);
    expect(read).toHaveBeenCalledTimes(1);
    // and a key typed while that read is on its way does not push it back
    refresh.changed(false);
    vi.advanceTimersByTime(10);
    refresh.changed(true);
    vi.advanceTimersByTime(20);
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('cancel drops the pending read', () => {
    const { read, refresh } = make();
    refresh.changed(false);
    refresh.cancel();
    vi.advanceTimersByTime(5000);
    expect(read).not.toHaveBeenCalled();
  });
});

describe('charterOnly', () => {
  const setup = () => {
    const doc = new Y.Doc();
    const charter = doc.getXmlFragment('charter');
    const records = doc.getMap('records');
    const seen: boolean[] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => seen.push(charterOnly(tr, charter)));
    return { doc, charter, records, seen };
  };

  it('is true for text typed in a paragraph, or a paragraph added, and false once anything else changes', () => {
    const { doc, charter, records, seen } = setup();
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    doc.transact(() => {
      charter.insert(0, [paragraph]);
      paragraph.insert(0, [text]);
    });
    text.insert(0, 'A partner may leave');
    records.set('vote', 'yes');
    doc.transact(() => {
      text.insert(0, 'Now ');
      records.set('vote', 'no');
    });
    expect(seen).toEqual([true, true, false, false]);
  });

  it('is false for a transaction that changed nothing', () => {
    const { doc, seen } = setup();
    doc.transact(() => {});
    expect(seen).toEqual([false]);
  });
});
