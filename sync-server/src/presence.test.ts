import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { decodePresenceUpdate, encodePresenceUpdate, readPresenceState, type PresenceBounds } from './presence.ts';

const BOUNDS: PresenceBounds = { maxEntries: 100, maxStateBytes: 8192 };

describe('presence updates', () => {
  it('PRESENCE-1 round-trips what y-protocols writes', () => {
    const awareness = new awarenessProtocol.Awareness(new Y.Doc());
    awareness.setLocalState({ user: { name: 'Ada', color: '#08f' } });
    const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID]);
    const decoded = decodePresenceUpdate(update, BOUNDS);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.entries).toHaveLength(1);
    const [entry] = decoded.entries;
    expect(entry!.clientId).toBe(awareness.clientID);
    const state = readPresenceState(entry!.state, 32);
    expect(state).toEqual({ ok: true, json: JSON.stringify({ user: { name: 'Ada', color: '#08f' } }) });
    if (!state.ok) return;
    expect(encodePresenceUpdate([{ clientId: entry!.clientId, clock: entry!.clock, stateJson: state.json! }])).toEqual(update);
    awareness.destroy();
  });

  it('PRESENCE-2 refuses broken JSON, non-object states, trailing bytes and inflated counts', () => {
    const withState = (json: string) => encodePresenceUpdate([{ clientId: 7, clock: 1, stateJson: json }]);
    const stateOf = (json: string) => {
      const decoded = decodePresenceUpdate(withState(json), BOUNDS);
      if (!decoded.ok) throw new Error(decoded.reason);
      return readPresenceState(decoded.entries[0]!.state, 32);
    };
    expect(stateOf('{"user": ').ok).toBe(false);
    expect(stateOf('42').ok).toBe(false);
    expect(stateOf('"text"').ok).toBe(false);
    expect(stateOf('null')).toEqual({ ok: true, json: null });
    expect(stateOf(' null ')).toEqual({ ok: true, json: null });
    expect(readPresenceState(Uint8Array.of(0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d), 32).ok).toBe(false); // not UTF-8
    expect(decodePresenceUpdate(Uint8Array.of(...withState('{}'), 0), BOUNDS).ok).toBe(false);
    expect(decodePresenceUpdate(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0x0f), BOUNDS).ok).toBe(false);
    // A count lib0 reads as NaN (which `count > maxEntries` would let through), and a client id past 2^53.
    expect(decodePresenceUpdate(Uint8Array.of(...new Array(150).fill(0x80), 0x00), BOUNDS).ok).toBe(false);
    expect(decodePresenceUpdate(Uint8Array.of(1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x8f, 0x01, 1, 2, 0x7b, 0x7d), BOUNDS).ok).toBe(false);
    // A state whose length runs past the update.
    expect(decodePresenceUpdate(Uint8Array.of(1, 7, 1, 50, 0x7b, 0x7d), BOUNDS).ok).toBe(false);
  });

  it('PRESENCE-4 a state over the byte bound is refused from its length prefix, before its bytes are read', () => {
    const state = JSON.stringify({ pad: 'x'.repeat(8192 - 10) });
    expect(Buffer.byteLength(state)).toBe(8192);
    expect(decodePresenceUpdate(encodePresenceUpdate([{ clientId: 7, clock: 1, stateJson: state }]), BOUNDS).ok).toBe(true);
    const over = JSON.stringify({ pad: 'x'.repeat(8192 - 9) });
    expect(decodePresenceUpdate(encodePresenceUpdate([{ clientId: 7, clock: 1, stateJson: over }]), BOUNDS)).toEqual({
      ok: false,
      reason: 'a state over 8192 bytes',
    });
    // Only the prefix: a length of 1 GB with no bytes behind it is refused for its size.
    expect(decodePresenceUpdate(Uint8Array.of(1, 7, 1, 0x80, 0x80, 0x80, 0x80, 0x04), BOUNDS)).toEqual({
      ok: false,
      reason: 'a state over 8192 bytes',
    });
  });

  it('PRESENCE-4 a state nested over the depth bound is refused before it is parsed', () => {
    const nested = (depth: number) => new TextEncoder().encode('['.repeat(depth) + ']'.repeat(depth));
    expect(readPresenceState(nested(32), 32)).toEqual({ ok: true, json: '['.repeat(32) + ']'.repeat(32) });
    expect(readPresenceState(nested(33), 32)).toEqual({ ok: false, reason: 'a state nested over 32 deep' });
    expect(readPresenceState(nested(5000), 32).ok).toBe(false);
  });

  it('PRESENCE-6 a count over the entry bound is refused before any entry is read', () => {
    // A million entries claimed by a count alone: refused from the count.
    const encoder = Uint8Array.of(0xc0, 0x84, 0x3d); // 1,000,000
    expect(decodePresenceUpdate(encoder, BOUNDS)).toEqual({ ok: false, reason: 'more than 100 entries' });
    const entries = Array.from({ length: 101 }, (_, i) => ({ clientId: i + 1, clock: 1, stateJson: '{}' }));
    expect(decodePresenceUpdate(encodePresenceUpdate(entries), BOUNDS).ok).toBe(false);
    expect(decodePresenceUpdate(encodePresenceUpdate(entries.slice(0, 100)), BOUNDS).ok).toBe(true);
  });
});
