import { describe, expect, it } from 'vitest';
import { encodePresenceUpdate } from '../presence.ts';
import { PRESENCE_KEPT_MS, RemotePresence } from './remotePresence.ts';

const BOUNDS = { maxStateBytes: 1024, maxDepth: 8 };

describe("other relays' presence", () => {
  it('PRESENCE-11 keeps each client\'s last state until it is removed or ages out unrenewed', () => {
    let now = 1_000;
    const kept = new RemotePresence(BOUNDS, () => now);
    expect(kept.heard(encodePresenceUpdate([{ clientId: 1, clock: 2, stateJson: '{"user":"b"}' }, { clientId: 2, clock: 1, stateJson: '{"user":"c"}' }]))).toBe(true);
    // An older clock never replaces a newer state.
    kept.heard(encodePresenceUpdate([{ clientId: 1, clock: 1, stateJson: '{"user":"a"}' }]));
    expect(kept.states().map((s) => s.stateJson)).toEqual(['{"user":"b"}', '{"user":"c"}']);
    kept.heard(encodePresenceUpdate([{ clientId: 2, clock: 2, stateJson: 'null' }]));
    expect(kept.states().map((s) => s.clientId)).toEqual([1]);
    now += PRESENCE_KEPT_MS + 1;
    expect(kept.states()).toEqual([]);
  });

  it('PRESENCE-11 refuses a message that does not read as presence, keeping none of it', () => {
    const kept = new RemotePresence(BOUNDS);
    expect(kept.heard(Uint8Array.of(5, 1))).toBe(false);
    expect(kept.heard(encodePresenceUpdate([{ clientId: 1, clock: 1, stateJson: '{"ok":1}' }, { clientId: 2, clock: 1, stateJson: '[' }]))).toBe(false);
    expect(kept.states()).toEqual([]);
  });
});
