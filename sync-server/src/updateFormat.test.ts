import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { seededRandom as random } from '@trellis/shared/testing/prng';
import { MAX_ANY_DEPTH, checkStateVector, checkUpdateV1, readUpdateOutline } from './updateFormat.ts';


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

function mutateOneByte(bytes: Uint8Array, next: () => number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  copy[Math.floor(next() * copy.length)] = Math.floor(next() * 256);
  return copy;
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

  it('FORMAT-5 whatever the bytes, it answers without throwing, and what it accepts Yjs reads (seeded random and mutated input)', () => {
    const next = random(687);
    const real = Y.encodeStateAsUpdate(richDocument().doc);
    let accepted = 0;
    for (let i = 0; i < 5_000; i++) {
      const bytes =
        i % 2 === 0
          ? Uint8Array.from({ length: Math.floor(next() * 64) }, () => Math.floor(next() * 256))
          : mutateOneByte(real, next);
      const check = checkUpdateV1(bytes);
      expect(typeof check.ok).toBe('boolean');
      if (!check.ok) continue;
      accepted += 1;
      // Accepted means Yjs's own reader takes it whole, with no number it cannot hold.
      const decoded = Y.decodeUpdate(bytes);
      for (const struct of decoded.structs) {
        expect(Number.isSafeInteger(struct.id.client) && Number.isSafeInteger(struct.id.clock + struct.length)).toBe(true);
      }
    }
    // Both kinds of input reach the second half of the check.
    expect(accepted).toBeGreaterThan(50);
  });

  it('FORMAT-7 refuses the probe\'s numbers: a client id past 2^53, Infinity and NaN in a delete set, an origin past 2^53', () => {
    const beyond = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x8f, 0x01];
    const root = [1, 1, 0x61]; // parent info: a root named "a"
    // One string item "x" under root "a", by client 2^56 + 2^53.
    const clientBeyond = Uint8Array.of(1, 1, ...beyond, 0, 0x04, ...root, 1, 0x78, 0);
    // No structs; a delete set whose client reads as Infinity.
    const dsInfinity = Uint8Array.of(0, 1, ...new Array(147).fill(0x80), 0x01, 1, 0, 1);
    // One item whose origin is client 2^56 + 2^53.
    const originBeyond = Uint8Array.of(1, 1, 7, 0, 0x84, ...beyond, 0, 1, 0x78, 0);
    // A deletion of a real client at clock NaN.
    const dsNaN = Uint8Array.of(0, 1, 7, 1, ...new Array(150).fill(0x80), 0x00, 3);
    for (const update of [clientBeyond, dsInfinity, originBeyond, dsNaN]) expect(checkUpdateV1(update).ok).toBe(false);
    // The same shapes with ordinary numbers are accepted: it is the numbers that are refused.
    expect(checkUpdateV1(Uint8Array.of(1, 1, 9, 0, 0x04, ...root, 1, 0x78, 0)).ok).toBe(true);
    expect(checkUpdateV1(Uint8Array.of(0, 1, 9, 1, 0, 1)).ok).toBe(true);
    expect(checkUpdateV1(Uint8Array.of(1, 1, 7, 0, 0x84, 9, 0, 1, 0x78, 0)).ok).toBe(true);
  });

  it(`FORMAT-8 nests any values ${MAX_ANY_DEPTH} deep and no deeper`, () => {
    const nested = (depth: number): unknown => {
      let value: unknown = 'x';
      for (let i = 0; i < depth; i++) value = [value];
      return value;
    };
    const updateOf = (value: unknown) => {
      const doc = new Y.Doc();
      doc.getArray('a').push([value]);
      return Y.encodeStateAsUpdate(doc);
    };
    expect(checkUpdateV1(updateOf(nested(MAX_ANY_DEPTH))).ok).toBe(true);
    for (const depth of [MAX_ANY_DEPTH + 1, 250, 2_000]) {
      expect(checkUpdateV1(updateOf(nested(depth))), `${depth} levels`).toEqual({ ok: false, reason: 'value nested too deeply' });
    }
  });

  it('FORMAT-9 refuses what Yjs would misread: an empty struct, a client twice, a reference to a later clock of its own client', () => {
    const root = [1, 1, 0x61];
    // An empty string item: a struct of length 0.
    expect(checkUpdateV1(Uint8Array.of(1, 1, 9, 0, 0x04, ...root, 0, 0))).toEqual({ ok: false, reason: 'a struct of length 0' });
    // Client 9 in two sections (Yjs keeps only the second).
    const section = [1, 9, 0, 0x04, ...root, 1, 0x78];
    expect(checkUpdateV1(Uint8Array.of(2, ...section, ...section, 0))).toEqual({ ok: false, reason: 'a client appears twice in the update' });
    // An item at clock 0 whose origin is its own client's clock 5.
    expect(checkUpdateV1(Uint8Array.of(1, 1, 9, 0, 0x84, 9, 5, 1, 0x78, 0)).ok).toBe(false);
    // A deletion of length 0.
    expect(checkUpdateV1(Uint8Array.of(0, 1, 9, 1, 0, 0)).ok).toBe(false);
  });

  it('FORMAT-1 counts a string as Yjs does (é one unit, 😀 two) and refuses one that is not UTF-8, outlined or only checked', () => {
    const doc = new Y.Doc();
    doc.clientID = 3;
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    doc.getText('t').insert(0, 'a😀é');
    doc.getText('t').insert(4, 'b');
    const read = readUpdateOutline(Y.mergeUpdates(updates));
    // 'b' follows at clock 4: the first string took four clocks.
    expect(read.ok && read.outline.clients[0]!.structs.map((struct) => [struct.clock, struct.length])).toEqual([
      [0, 4],
      [4, 1],
    ]);
    // The first update's string ('a😀é', 7 bytes of UTF-8) with its 4-byte emoji cut to a lone lead byte.
    const first = updates[0]!;
    const at = first.indexOf(0xf0);
    const broken = Uint8Array.from(first);
    broken[at + 1] = 0x41;
    for (const reading of [checkUpdateV1(broken), readUpdateOutline(broken)]) {
      expect(reading).toEqual({ ok: false, reason: 'string is not UTF-8' });
    }
    expect(checkUpdateV1(first)).toEqual({ ok: true });
  });

  it('FORMAT-10 outlines each struct\'s clocks and what it needs, and caps the structs in one update', () => {
    const a = new Y.Doc();
    a.clientID = 1;
    a.getText('t').insert(0, 'héllo');
    const b = new Y.Doc();
    b.clientID = 2;
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const updates: Uint8Array[] = [];
    b.on('update', (update: Uint8Array) => updates.push(update));
    b.getText('t').insert(2, 'XY');
    b.getText('t').delete(0, 1);
    const read = readUpdateOutline(Y.mergeUpdates(updates));
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.outline.clients).toEqual([
      { client: 2, structs: [{ clock: 0, length: 2, kind: 'item', needs: [1, 1, 1, 2], subdocument: false }] },
    ]);
    expect(read.outline.deletes).toEqual([{ client: 1, clock: 0, length: 1 }]);
    const many = new Y.Doc();
    for (let i = 0; i < 10; i++) many.getMap('m').set(`k${i}`, i);
    expect(readUpdateOutline(Y.encodeStateAsUpdate(many), 10).ok).toBe(true);
    expect(readUpdateOutline(Y.encodeStateAsUpdate(many), 9)).toEqual({ ok: false, reason: 'more than 9 structs in one update' });
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
