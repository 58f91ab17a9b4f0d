import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkStateVector, checkUpdateV1 } from './updateFormat.ts';

/** A small seeded generator, so that a failure names the seed that reproduces it. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A document touching every kind of content the v1 format carries. */
function richDocument(): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const meta = doc.getMap('meta');
  meta.set('name', 'Northwind × Contoso');
  meta.set('createdAt', 1_700_000_000_000);
  meta.set('ratio', 0.25);
  meta.set('flags', { light: true, tags: ['a', 'b'], nested: { deep: [null, false] } });
  meta.set('bytes', new Uint8Array([1, 2, 3]));
  meta.set('big', 2n ** 40n);
  const partner = new Y.Map();
  meta.set('partner', partner);
  partner.set('votingWeight', 3);
  const text = doc.getText('notes');
  text.insert(0, 'Hello trellis');
  text.format(0, 5, { bold: true });
  text.insertEmbed(3, { image: 'logo.png' });
  text.delete(1, 2);
  const fragment = doc.getXmlFragment('charter');
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.setAttribute('align', 'left');
  fragment.insert(0, [paragraph, new Y.XmlText('loose text')]);
  paragraph.insert(0, [new Y.XmlText('Decisions by consensus')]);
  const trust = doc.getArray('trust');
  trust.push([1, 'two', { three: 3 }, [4]]);
  trust.delete(1, 1);
  doc.getMap('subdocs').set('attachment', new Y.Doc({ guid: 'attachment-1' }));
  meta.delete('ratio');
  return { doc, updates };
}

describe('checkUpdateV1', () => {
  it('FORMAT-1 accepts every update Yjs writes, incremental, full, merged, and empty', () => {
    const { doc, updates } = richDocument();
    for (const update of updates) expect(checkUpdateV1(update)).toEqual({ ok: true });
    expect(checkUpdateV1(Y.encodeStateAsUpdate(doc))).toEqual({ ok: true });
    expect(checkUpdateV1(Y.mergeUpdates(updates))).toEqual({ ok: true });
    // Merging non-adjacent updates writes Skip structs.
    expect(checkUpdateV1(Y.mergeUpdates([updates[0]!, updates[5]!]))).toEqual({ ok: true });
    expect(checkUpdateV1(Y.encodeStateAsUpdate(new Y.Doc()))).toEqual({ ok: true });
  });

  it('FORMAT-2 accepts what many random edits produce (seeded)', () => {
    for (const seed of [1, 2, 3, 42, 1234]) {
      const next = random(seed);
      const doc = new Y.Doc({ gc: seed % 2 === 0 });
      const updates: Uint8Array[] = [];
      doc.on('update', (update: Uint8Array) => updates.push(update));
      const text = doc.getText('charter');
      const array = doc.getArray<unknown>('log');
      for (let i = 0; i < 300; i++) {
        const roll = next();
        if (roll < 0.4) text.insert(Math.floor(next() * (text.length + 1)), String.fromCharCode(97 + Math.floor(next() * 26)));
        else if (roll < 0.55 && text.length > 0) text.delete(Math.floor(next() * text.length), 1);
        else if (roll < 0.8) array.insert(Math.floor(next() * (array.length + 1)), [{ at: i, score: next() }]);
        else if (array.length > 0) array.delete(Math.floor(next() * array.length), 1);
        else doc.getMap('meta').set(`k${i}`, i);
      }
      for (const update of updates) expect(checkUpdateV1(update), `seed ${seed}`).toEqual({ ok: true });
      expect(checkUpdateV1(Y.encodeStateAsUpdate(doc)), `seed ${seed}`).toEqual({ ok: true });
    }
  });

  it('FORMAT-3 refuses truncations and trailing bytes of a real update', () => {
    const update = Y.encodeStateAsUpdate(richDocument().doc);
    for (let length = 0; length < update.length; length++) {
      expect(checkUpdateV1(update.subarray(0, length)).ok, `truncated to ${length}`).toBe(false);
    }
    expect(checkUpdateV1(Uint8Array.of(...update, 0)).ok).toBe(false);
  });

  it('FORMAT-4 refuses the v2 bytes of yjs issue #687, v2 updates, and counts claiming more than the bytes hold', () => {
    const issue687 = Buffer.from('00010000000001000100010200001602000001fdffffffff7f0000', 'hex');
    expect(checkUpdateV1(issue687).ok).toBe(false);
    const v2 = Y.encodeStateAsUpdateV2(richDocument().doc);
    expect(checkUpdateV1(v2).ok).toBe(false);
    // One client claiming 2^32 structs.
    expect(checkUpdateV1(Uint8Array.of(1, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 0)).ok).toBe(false);
    // An unknown content ref (11) and an unknown type ref (9).
    expect(checkUpdateV1(Uint8Array.of(1, 1, 5, 0, 11, 1, 4, 0x6d, 0x65, 0x74, 0x61, 0)).ok).toBe(false);
    expect(checkUpdateV1(Uint8Array.of(1, 1, 5, 0, 7, 1, 4, 0x6d, 0x65, 0x74, 0x61, 9, 0)).ok).toBe(false);
  });

  it('FORMAT-5 never throws, whatever the bytes (seeded random input)', () => {
    const next = random(687);
    for (let i = 0; i < 5_000; i++) {
      const bytes = Uint8Array.from({ length: Math.floor(next() * 64) }, () => Math.floor(next() * 256));
      expect(() => checkUpdateV1(bytes)).not.toThrow();
    }
  });

  it('FORMAT-6 state vectors: real ones pass, truncated or padded ones fail', () => {
    const vector = Y.encodeStateVector(richDocument().doc);
    expect(checkStateVector(vector)).toEqual({ ok: true });
    expect(checkStateVector(Uint8Array.of(0))).toEqual({ ok: true });
    expect(checkStateVector(vector.subarray(0, vector.length - 1)).ok).toBe(false);
    expect(checkStateVector(Uint8Array.of(...vector, 7)).ok).toBe(false);
    expect(checkStateVector(new Uint8Array()).ok).toBe(false);
  });
});
