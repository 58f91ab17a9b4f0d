import { describe, expect, it } from 'vitest';
import { CLOSE_CODES } from '@trellis/shared';
import { Connection, EDIT_PAUSE_MS, connectionLabel, opensNothing, refusalBadge, refusalMessage, refusalWithNothingKept } from './connection.svelte.ts';

describe('connection status', () => {
  it('counts changes made while not synced and clears them when the relay syncs', () => {
    const persisted: number[] = [];
    let now = 42;
    const c = new Connection({ status: 'offline' }, () => now, (s) => persisted.push(s.pending));
    c.localChange();
    now += EDIT_PAUSE_MS;
    c.localChange();
    expect(c.label).toBe('Offline · 2 changes not yet on the relay');
    c.connecting();
    expect(c.label).toBe('Connecting · 2 changes not yet on the relay');
    c.synced();
    expect(c.pending).toBe(0);
    expect(c.lastSyncedAt).toBe(42 + EDIT_PAUSE_MS);
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
    c.disconnected(false);
    expect(c.status).toBe('refused');
    c.disconnected(true);
    expect(c.status).toBe('refused');
    c.localOnly();
    expect(c.status).toBe('refused');
    expect(c.label).toBe('Link revoked · read-only');
  });

  it('starts refused when the device already knows the link was refused', () => {
    expect(new Connection({ refusedCode: CLOSE_CODES.unauthorized }).status).toBe('refused');
  });

  it('names one change in the singular', () => {
    expect(connectionLabel('local', 1, null)).toBe('On this device only · 1 change not yet on the relay');
  });
});

describe('walk-through defect 11: the sync status counts edits and names an unreachable relay', () => {
  it('counts edits, not keystrokes: changes from one source less than a pause apart are one edit', () => {
    let now = 1_000;
    const c = new Connection({ status: 'offline' }, () => now);
    const editor = { editor: 'charter' };
    for (let key = 0; key < 17; key++) {
      c.localChange(editor);
      now += 200;
    }
    expect(c.label).toBe('Offline · 1 change not yet on the relay');
    // A form's change is another edit, even at once; and the editor's next one after it too.
    c.localChange(null);
    c.localChange(editor);
    expect(c.pending).toBe(3);
    // After a pause, the same source starts a new edit; just under it, it does not.
    now += EDIT_PAUSE_MS - 1;
    c.localChange(editor);
    expect(c.pending).toBe(3);
    now += EDIT_PAUSE_MS;
    c.localChange(editor);
    expect(c.pending).toBe(4);
    // Synced clears the count, and the first change after it is a new edit whatever came before.
    c.connecting();
    c.synced();
    c.disconnected(false);
    c.localChange(editor);
    expect(c.pending).toBe(1);
  });

  it('says the relay is unreachable while the browser is online, and keeps saying it while retrying', () => {
    const c = new Connection({ status: 'connecting' });
    c.disconnected(true);
    expect(c.status).toBe('unreachable');
    expect(c.label).toBe('Relay unreachable, retrying');
    // Each retry opens a socket: not "Connecting" again and again while the relay does not answer.
    c.connecting();
    expect(c.status).toBe('unreachable');
    c.localChange();
    expect(c.label).toBe('Relay unreachable · 1 change not yet on the relay');
    c.synced();
    expect(c.label).toBe('Synced');
    c.disconnected(false);
    expect(c.label).toBe('Offline');
    // Coming back online from offline does show "Connecting".
    c.connecting();
    expect(c.label).toBe('Connecting');
    // An alliance not yet registered stays "on this device only".
    const local = new Connection({ status: 'local' });
    local.disconnected(true);
    expect(local.status).toBe('local');
  });
});

describe('walk-through defect 8: a link that never brought the alliance says so', () => {
  it('names no copy when there is none, and keeps the copy’s wording when there is one', () => {
    const c = new Connection({ status: 'connecting' });
    c.refused(CLOSE_CODES.unauthorized, false);
    expect(c.label).toBe('Link refused · nothing downloaded');
    expect(refusalWithNothingKept(CLOSE_CODES.unauthorized)).toMatch(/^The relay does not know this link.*Nothing of it was downloaded, and this device keeps nothing of it\.$/);
    expect(refusalWithNothingKept(CLOSE_CODES.unauthorized)).not.toMatch(/copy|read-only/);
    expect(refusalWithNothingKept(CLOSE_CODES.revoked)).toMatch(/^This link was revoked by the alliance owner\. Nothing of it was downloaded.*Ask a partner for a new link\.$/);
    const kept = new Connection({ status: 'connecting' });
    kept.refused(CLOSE_CODES.revoked);
    expect(kept.label).toBe(refusalBadge(CLOSE_CODES.revoked));
  });

  it('keeps nothing only after the refusals that open nothing, now or later', () => {
    expect([CLOSE_CODES.unauthorized, CLOSE_CODES.revoked, CLOSE_CODES.notFound].every(opensNothing)).toBe(true);
    // A damaged store, a malformed or too large frame: the link is still good.
    expect([CLOSE_CODES.damaged, CLOSE_CODES.malformed, CLOSE_CODES.tooLarge, CLOSE_CODES.refused, 409].some(opensNothing)).toBe(false);
  });
});

describe('refusalBadge', () => {
  it('names the refusal in a few words, each its own, the copy read-only', () => {
    const codes = [CLOSE_CODES.revoked, CLOSE_CODES.unauthorized, CLOSE_CODES.damaged, CLOSE_CODES.malformed, 409, null];
    const badges = codes.map(refusalBadge);
    expect(badges[0]).toBe('Link revoked · read-only');
    expect(new Set(badges).size).toBe(codes.length);
    expect(badges.every((badge) => badge.endsWith(' · read-only') && badge.length <= 40)).toBe(true);
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
