import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { decodePresenceUpdate, encodePresenceUpdate } from './presence.ts';

describe('presence updates', () => {
  it('PRESENCE-1 round-trips what y-protocols writes', () => {
    const awareness = new awarenessProtocol.Awareness(new Y.Doc());
    awareness.setLocalState({ user: { name: 'Ada', color: '#08f' } });
    const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID]);
    const decoded = decodePresenceUpdate(update);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.entries).toHaveLength(1);
    expect(decoded.entries[0]!.clientId).toBe(awareness.clientID);
    expect(encodePresenceUpdate(decoded.entries)).toEqual(update);
    awareness.destroy();
  });

  it('PRESENCE-2 refuses broken JSON, non-object states, trailing bytes and inflated counts', () => {
    const withState = (json: string) => encodePresenceUpdate([{ clientId: 7, clock: 1, stateJson: json }]);
    expect(decodePresenceUpdate(withState('{"user": ')).ok).toBe(false);
    expect(decodePresenceUpdate(withState('42')).ok).toBe(false);
    expect(decodePresenceUpdate(withState('null')).ok).toBe(true);
    expect(decodePresenceUpdate(Uint8Array.of(...withState('{}'), 0)).ok).toBe(false);
    expect(decodePresenceUpdate(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0x0f)).ok).toBe(false);
  });
});
