import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import type { AllianceSnapshot } from '@trellis/shared';
import { decodeRefusal, refusalSentence, refusedUpdate } from './relayRefusal.ts';

const frame = (text: string) => {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, text);
  return decoding.createDecoder(encoding.toUint8Array(encoder));
};

const view = {
  decisions: [{ id: 'd1', title: 'Open the Lyon depot' }],
  partners: [{ id: 'tech', name: 'TechCo' }],
  interests: [],
  commitments: [],
} as unknown as Pick<AllianceSnapshot, 'decisions' | 'partners' | 'interests' | 'commitments'>;

describe('a refused update, as the person reads it (AUTH-3)', () => {
  it('AUTH-3: names the vote refused and gives the relay’s reason', () => {
    const refusal = decodeRefusal(frame(JSON.stringify({ rule: 'AUTH-3', reason: "Only TechCo's links can vote for TechCo.", places: ['decision/d1/title', 'vote/d1/tech'] })));
    const refused = refusedUpdate(refusal, view, 5);
    expect(refused).toEqual({ action: 'Your vote on “Open the Lyon depot”', reason: "Only TechCo's links can vote for TechCo.", rule: 'AUTH-3', at: 5 });
    expect(refusalSentence(refused)).toMatch(/^Your vote on “Open the Lyon depot” was refused by the relay and did not count: Only TechCo's links/);
  });

  it('reads a hostile message as none, and still says something was refused', () => {
    for (const text of ['not json', '[]', JSON.stringify({ rule: 'DROP TABLE', reason: 'x', places: [] }), JSON.stringify({ rule: 'AUTH-3', reason: 'x'.repeat(501), places: [] })]) {
      expect(decodeRefusal(frame(text))).toBeNull();
    }
    expect(decodeRefusal(decoding.createDecoder(new Uint8Array([0xff])))).toBeNull();
    expect(refusedUpdate(null, view, 1).action).toBe('A change from this device');
  });
});
