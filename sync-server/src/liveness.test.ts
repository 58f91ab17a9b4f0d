import { describe, expect, it } from 'vitest';
import { Liveness, type LivenessStep } from './liveness.ts';

const TIMES = { pingEveryMs: 5_000, pongWithinMs: 5_000, silentAtMostMs: 30_000 };

/** The steps of one socket ticked every second from `from` to `to` (ms), the first one that is not 'wait' included. */
function until(liveness: Liveness, from: number, to: number): { at: number; step: LivenessStep } | null {
  for (let at = from; at <= to; at += 1_000) {
    const step = liveness.step(at);
    if (step !== 'wait') return { at, step };
  }
  return null;
}

describe('Liveness', () => {
  it('KEEPALIVE-1 pings every 5 s while the peer answers, and never cuts it', () => {
    const peer = new Liveness(0, TIMES);
    for (let round = 0; round < 20; round++) {
      const ping = until(peer, round * 5_000 + 1_000, round * 5_000 + 5_000);
      expect(ping).toEqual({ at: (round + 1) * 5_000, step: 'ping' });
      peer.sent(ping!.at);
      peer.answered(ping!.at + 300);
    }
  });

  it('KEEPALIVE-1 a peer whose network dropped is cut within 10 s of its last answer (+ the 1 s tick)', () => {
    const peer = new Liveness(0, TIMES);
    expect(until(peer, 1_000, 5_000)).toEqual({ at: 5_000, step: 'ping' });
    peer.sent(5_000);
    peer.answered(5_100);
    // The network drops at 5.2 s: the next ping leaves, and is never answered.
    expect(until(peer, 6_000, 10_000)).toEqual({ at: 10_000, step: 'ping' });
    peer.sent(10_000);
    expect(until(peer, 11_000, 20_000)).toEqual({ at: 15_000, step: 'cut' });
  });

  it('KEEPALIVE-1 a ping still queued behind what a slow peer reads is not counted against it; 30 s of nothing at all is', () => {
    const peer = new Liveness(0, TIMES);
    expect(until(peer, 1_000, 5_000)).toEqual({ at: 5_000, step: 'ping' });
    // The ping leaves only at 20 s (a large document went first); the answer comes 2 s after.
    expect(until(peer, 6_000, 19_000)).toBeNull();
    peer.sent(20_000);
    peer.answered(22_000);
    // Pings are 5 s apart, from one to the next: the next one goes at once.
    expect(until(peer, 23_000, 27_000)).toEqual({ at: 23_000, step: 'ping' });
    // This one never leaves, and nothing comes: cut 30 s after the last answer.
    expect(until(peer, 24_000, 51_000)).toBeNull();
    expect(peer.step(52_000)).toBe('cut');
  });

  it('KEEPALIVE-1 a frame from the peer keeps it from the 30 s cut, but does not answer a ping that left', () => {
    const peer = new Liveness(0, TIMES);
    expect(until(peer, 1_000, 5_000)).toEqual({ at: 5_000, step: 'ping' });
    for (let at = 6_000; at < 40_000; at += 1_000) {
      peer.heard(at);
      expect(peer.step(at)).toBe('wait');
    }
    peer.sent(40_000);
    peer.heard(44_000);
    expect(until(peer, 41_000, 45_000)).toEqual({ at: 45_000, step: 'cut' });
  });
});
