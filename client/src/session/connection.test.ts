import { describe, expect, it } from 'vitest';
import { CLOSE_CODES } from '@trellis/shared';
import { Connection, connectionLabel, refusalMessage } from './connection.svelte.ts';

describe('connection status', () => {
  it('counts changes made while not synced and clears them when the relay syncs', () => {
    const persisted: number[] = [];
    const c = new Connection({ status: 'offline' }, () => 42, (s) => persisted.push(s.pending));
    c.localChange();
    c.localChange();
    expect(c.label).toBe('Offline · 2 changes not yet on the relay');
    c.connecting();
    expect(c.label).toBe('Connecting · 2 changes not yet on the relay');
    c.synced();
    expect(c.pending).toBe(0);
    expect(c.lastSyncedAt).toBe(42);
    expect(c.label).toBe('Synced');
    c.localChange();
    expect(c.pending).toBe(0);
    expect(persisted).toEqual([1, 2, 0]);
  });

  it('stays refused after a revoked link, whatever the socket does next', () => {
    const c = new Connection({ status: 'connecting', pending: 1 });
    c.refused(CLOSE_CODES.revoked);
    c.synced();
    c.connecting();
    expect(c.status).toBe('refused');
    // The browser going offline must not forget it: coming back online would reconnect with a revoked secret.
    c.disconnected();
    expect(c.status).toBe('refused');
    c.localOnly();
    expect(c.status).toBe('refused');
    expect(c.label).toMatch(/revoked by the alliance owner/);
  });

  it('starts refused when the device already knows the link was refused', () => {
    expect(new Connection({ refusedCode: CLOSE_CODES.unauthorized }).status).toBe('refused');
  });

  it('names one change in the singular', () => {
    expect(connectionLabel('local', 1, null)).toBe('On this device only · 1 change not yet on the relay');
  });
});

describe('refusalMessage', () => {
  it('says what each refusal means for the person holding the link', () => {
    expect(refusalMessage(CLOSE_CODES.revoked)).toMatch(/revoked/);
    expect(refusalMessage(CLOSE_CODES.unauthorized)).toMatch(/does not know this link/);
    expect(refusalMessage(CLOSE_CODES.damaged)).toMatch(/cannot read its stored copy.*set it aside for its operator/);
    expect(refusalMessage(CLOSE_CODES.malformed)).toMatch(/malformed or too large/);
    for (const code of [CLOSE_CODES.revoked, CLOSE_CODES.unauthorized, CLOSE_CODES.damaged, 4499]) {
      expect(refusalMessage(code)).toMatch(/Your copy on this device stays/);
    }
  });
});
