import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CONTENT_CHECK_MAX_BYTES, checkSnapshot, contentDigest } from './snapshotCheck.ts';

function charterDoc(client: number, text: string): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = client;
  const paragraph = new Y.XmlElement('paragraph');
  doc.getXmlFragment('charter').insert(0, [paragraph]);
  paragraph.insert(0, [new Y.XmlText(text)]);
  doc.getMap('meta').set('name', 'Lyon depot');
  doc.getArray('trust').push([{ points: 2, big: 3n }]);
  return doc;
}

describe('checkSnapshot', () => {
  it('SNAP-1 a document\'s own encoding reads back as it', () => {
    const doc = charterDoc(1, 'Decisions by consensus');
    doc.getArray('trust').delete(0, 1);
    expect(checkSnapshot(doc, Y.encodeStateAsUpdate(doc))).toEqual({ ok: true });
  });

  it('SNAP-2 refuses a snapshot with other clocks, other deletions, other content, or one that does not read back', () => {
    const live = charterDoc(1, 'Decisions by consensus');
    expect(checkSnapshot(live, Y.encodeStateAsUpdate(charterDoc(2, 'Decisions by consensus')))).toEqual({ ok: false, reason: 'state vectors differ' });
    // The same clocks, one more deletion: what a NaN clock re-encoded as 0 did to real text.
    const snapshotWithDeletion = Y.mergeUpdates([Y.encodeStateAsUpdate(live), Uint8Array.of(0, 1, 1, 1, 2, 3)]);
    expect(checkSnapshot(live, snapshotWithDeletion)).toEqual({ ok: false, reason: 'delete sets differ' });
    // The same clocks and deletions, other characters.
    expect(checkSnapshot(live, Y.encodeStateAsUpdate(charterDoc(1, 'Decisions by majority!')))).toEqual({ ok: false, reason: 'content differs' });
    expect(checkSnapshot(live, Uint8Array.of(1, 1, 1, 0, 0x84, 9, 9, 1, 0x78, 0)).ok).toBe(false);
  });

  it('SNAP-3 the content digest sees a difference deep in nested types', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    for (const [doc, leaf] of [[a, 'x'], [b, 'y']] as const) {
      doc.transact(() => {
        let map = doc.getMap('deep');
        for (let i = 0; i < 500; i++) {
          const child = new Y.Map<unknown>();
          map.set('k', child);
          map = child;
        }
        map.set('leaf', leaf);
      });
    }
    expect(contentDigest(a)).not.toBe(contentDigest(b));
    expect(contentDigest(a)).toBe(contentDigest(a));
  });

  it('SNAP-4 a document over the content bound is still checked by clocks and deletions', () => {
    const live = new Y.Doc();
    live.clientID = 1;
    live.getText('t').insert(0, 'a'.repeat(CONTENT_CHECK_MAX_BYTES + 10));
    expect(checkSnapshot(live, Y.encodeStateAsUpdate(live))).toEqual({ ok: true });
    const other = new Y.Doc();
    other.clientID = 1;
    other.getText('t').insert(0, 'a'.repeat(CONTENT_CHECK_MAX_BYTES + 9));
    expect(checkSnapshot(live, Y.encodeStateAsUpdate(other))).toEqual({ ok: false, reason: 'state vectors differ' });
  });
});
