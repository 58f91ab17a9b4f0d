import * as Y from 'yjs';

export { seededRandom } from '@trellis/shared/testing/prng';

const pick = <T>(next: () => number, items: readonly T[]): T => items[Math.floor(next() * items.length)]!;

/** Varints a hostile writer might put anywhere: the probe's, the edges of the safe range, overlong forms. */
const HOSTILE_VARINTS: readonly number[][] = [
  [0x00],
  [0x7f],
  [0x80, 0x00],
  [0xff, 0xff, 0xff, 0xff, 0x0f],
  [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f], // 2^53 - 1
  [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10], // 2^53
  [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x8f, 0x01], // 2^56 + 2^53
  [...new Array(147).fill(0x80), 0x01], // Infinity through lib0
  [...new Array(150).fill(0x80), 0x00], // NaN through lib0
];

/**
 * One mutation of a real update, the kinds a fuzzer of a byte format finds bugs with: a byte
 * changed, a bit flipped, a varint replaced by a hostile one, a small clock or client shift, a
 * truncation, a slice repeated or dropped, two updates spliced.
 */
export function mutate(update: Uint8Array, other: Uint8Array, next: () => number): Uint8Array {
  let bytes = Array.from(update);
  const at = Math.floor(next() * Math.max(1, bytes.length));
  switch (Math.floor(next() * 9)) {
    case 0:
      bytes[at] = Math.floor(next() * 256);
      break;
    case 1:
      bytes[at] = (bytes[at] ?? 0) ^ (1 << Math.floor(next() * 8));
      break;
    case 2:
      bytes = bytes.slice(0, at).concat(pick(next, HOSTILE_VARINTS), bytes.slice(at + 1));
      break;
    case 3:
      bytes[at] = Math.max(0, Math.min(127, ((bytes[at] ?? 0) & 0x7f) + Math.floor(next() * 7) - 3));
      break;
    case 4:
      bytes.length = at;
      break;
    case 5: {
      const length = 1 + Math.floor(next() * 8);
      bytes = bytes.slice(0, at).concat(bytes.slice(at, at + length), bytes.slice(at));
      break;
    }
    case 6:
      bytes.splice(at, 1 + Math.floor(next() * 4));
      break;
    case 7: {
      // Spliced without spreading: a document's whole state can exceed the arguments a call takes.
      const from = Math.floor(next() * other.length);
      bytes = bytes.slice(0, at).concat(Array.from(other.subarray(from)));
      break;
    }
    default:
      // Two mutations at once.
      return mutate(mutate(update, other, next), other, next);
  }
  return Uint8Array.from(bytes);
}

/**
 * A fresh edit of an alliance-shaped document by a new client that has the relay's state: what an
 * honest partner would send next (and what the fuzz then mutates).
 */
export function honestEdit(relayState: Uint8Array, next: () => number): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, relayState);
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const charter = doc.getXmlFragment('charter');
  const partners = doc.getMap<Y.Map<unknown>>('partners');
  const trust = doc.getArray<unknown>('trust');
  doc.transact(() => {
    switch (Math.floor(next() * 6)) {
      case 0: {
        const paragraph = new Y.XmlElement('paragraph');
        charter.insert(Math.floor(next() * (charter.length + 1)), [paragraph]);
        paragraph.insert(0, [new Y.XmlText(pick(next, ['Decisions by consensus. ', 'Exit with notice. ', 'Ünïcode ✓ 😀 ']))]);
        break;
      }
      case 1: {
        const first = charter.get(Math.floor(next() * charter.length));
        const text = first instanceof Y.XmlElement ? first.get(0) : null;
        if (text instanceof Y.XmlText && text.length > 0) {
          const at = Math.floor(next() * text.length);
          if (next() < 0.5) text.delete(at, Math.min(3, text.length - at));
          else text.format(at, Math.min(4, text.length - at), { bold: true });
        } else charter.insert(0, [new Y.XmlText('lone text')]);
        break;
      }
      case 2: {
        const partner = new Y.Map<unknown>();
        partners.set(`p${Math.floor(next() * 6)}`, partner);
        partner.set('name', pick(next, ['TechCo', 'LogiCorp', 'GreenAlliance']));
        partner.set('votingWeight', Math.floor(next() * 50));
        break;
      }
      case 3:
        trust.push([{ id: `t${Math.floor(next() * 1e9)}`, points: Math.floor(next() * 7) - 3, note: 'shared early', at: Date.now() }]);
        break;
      case 4:
        if (trust.length > 0) trust.delete(Math.floor(next() * trust.length), 1);
        else doc.getMap('meta').set('name', 'Lyon depot');
        break;
      default:
        doc.getMap('meta').set(pick(next, ['name', 'purpose', 'reviewCadenceMonths']), pick(next, ['Lyon depot', 6, null, { nested: [1, 2n] }]));
    }
  });
  const update = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
  doc.destroy();
  return update;
}
