import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import type { AllianceSnapshot } from '@trellis/shared';
import { decodeRefusal, refusalSentence, refusedOnlyUpkeep, refusedUpdate } from './relayRefusal.ts';

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
    expect(refused).toEqual({ action: 'Your vote on “Open the Lyon depot”', reason: "Only TechCo's links can vote for TechCo.", rule: 'AUTH-3', at: 5, alsoLost: ['Your change to the decision “Open the Lyon depot”'], more: false });
    expect(refusalSentence(refused)).toMatch(/^Your vote on “Open the Lyon depot” was refused by the relay and did not count: Only TechCo's links/);
  });

  it('names what else went with a refused offline batch, each once, for the person to make again', () => {
    const lost = {
      ...view,
      interests: [{ id: 'i1', text: 'Keep our depots' }],
      commitments: [{ id: 'c1', text: 'Ship the API' }],
    } as unknown as typeof view;
    const places = ['commitment/c1/null', 'commitment/c1/text', 'interest/i1/null', 'alignment/l1/null', 'alignment/l1/note', 'charter', 'decision/d1/outcome', 'charterVersion/v1/null'];
    const refused = refusedUpdate({ rule: 'AUTH-5', reason: 'Only the partners whose interests it links can change this link.', places }, lost, 9);
    expect(refused.action).toBe('Your interest “Keep our depots”');
    expect(refused.alsoLost).toEqual(['Your commitment “Ship the API”', 'Your link between interests', 'Your edit of the charter']);
    expect(refusalSentence(refused)).toBe(
      'Your interest “Keep our depots” was refused by the relay and did not count: Only the partners whose interests it links can change this link. ' +
        'It came in one update with other changes from this device, which went with it: your commitment “Ship the API”; your link between interests; your edit of the charter. ' +
        "Make them again if you still want them. This device's copy is back to what the relay holds.",
    );
    const cut = refusedUpdate({ rule: 'AUTH-8', reason: 'x', places: Array.from({ length: 20 }, (_, i) => `commitment/c${i}/null`) }, lost, 9);
    expect(cut.more).toBe(true);
  });

  it('reads a hostile message as none, and still says something was refused', () => {
    for (const text of ['not json', '[]', JSON.stringify({ rule: 'DROP TABLE', reason: 'x', places: [] }), JSON.stringify({ rule: 'AUTH-3', reason: 'x'.repeat(501), places: [] })]) {
      expect(decodeRefusal(frame(text))).toBeNull();
    }
    expect(decodeRefusal(decoding.createDecoder(new Uint8Array([0xff])))).toBeNull();
    expect(refusedUpdate(null, view, 1).action).toBe('A change from this device');
  });
});

describe('a refusal of only the upkeep\'s write (an honest race it lost)', () => {
  const refusal = (rule: string, places: string[]) => ({ rule, reason: 'The rules give another outcome.', places }) as Parameters<typeof refusedOnlyUpkeep>[0];
  const close = ['decision/d1/outcome', 'decision/d1/status'];

  it('AUTH-11, AUTH-12: closing, applying or escalating a decision as this copy\'s rules gave it is nobody\'s action', () => {
    expect(refusedOnlyUpkeep(refusal('AUTH-11', close))).toBe(true);
    expect(refusedOnlyUpkeep(refusal('AUTH-11', [...close, 'decision/d1/appliedAt', 'governance/quorum']))).toBe(true);
    expect(refusedOnlyUpkeep(refusal('AUTH-11', [...close, 'decision/d1/appliedAt', 'partner/logi/votingWeight']))).toBe(true);
    expect(refusedOnlyUpkeep(refusal('AUTH-11', [...close, 'decision/d1/appliedAt', 'charterRatification/d1/false']))).toBe(true);
    const escalation = ['decision/d1/level', 'decision/d1/status', 'decision/d1/escalatedAt', 'decision/d1/escalationReason', 'decision/d1/deadline'];
    expect(refusedOnlyUpkeep(refusal('AUTH-12', escalation))).toBe(true);
  });

  it('anything a person wrote in the same update, another rule, or a list cut short is told', () => {
    // A vote or a rename merged in (sent together after being offline): the person's write was refused with it.
    expect(refusedOnlyUpkeep(refusal('AUTH-11', [...close, 'vote/d1/tech']))).toBe(false);
    expect(refusedOnlyUpkeep(refusal('AUTH-11', [...close, 'decision/d1/appliedAt', 'partner/logi/name']))).toBe(false);
    expect(refusedOnlyUpkeep(refusal('AUTH-11', [...close, 'decision/d2/deadline']))).toBe(false);
    expect(refusedOnlyUpkeep(refusal('AUTH-11', [...close, 'charterRatification/d2/false', 'decision/d1/appliedAt']))).toBe(false);
    // A setting written directly (an owner governing alone) or beside a close that applies nothing.
    expect(refusedOnlyUpkeep(refusal('AUTH-11', ['governance/quorum']))).toBe(false);
    expect(refusedOnlyUpkeep(refusal('AUTH-11', [...close, 'governance/quorum']))).toBe(false);
    expect(refusedOnlyUpkeep(refusal('AUTH-11', [...close, 'partner/logi/votingWeight']))).toBe(false);
    // No field only the upkeep writes: a status alone is a person's withdrawal or reopening.
    expect(refusedOnlyUpkeep(refusal('AUTH-11', ['decision/d1/status']))).toBe(false);
    expect(refusedOnlyUpkeep(refusal('AUTH-4', close))).toBe(false);
    expect(refusedOnlyUpkeep(refusal('AUTH-11', []))).toBe(false);
    expect(refusedOnlyUpkeep(null)).toBe(false);
    const cut = [...close, ...Array.from({ length: 18 }, (_, i) => `decision/d1/${['level', 'status', 'deadline'][i % 3]}`)];
    expect(refusedOnlyUpkeep(refusal('AUTH-12', cut.slice(0, 19)))).toBe(true);
    expect(refusedOnlyUpkeep(refusal('AUTH-12', cut))).toBe(false);
  });
});
