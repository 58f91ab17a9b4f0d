import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { CLOSE_CODES, SUBPROTOCOL, newAllianceId, newSecret } from '@trellis/shared';
import {
  closed,
  docReaches,
  eventually,
  nextFrame,
  opened,
  presenceShows,
  providerClosed,
  stillServed,
  synced,
  useRelay,
  withTimeout,
} from './relayHarness.ts';

const harness = useRelay();

describe('sync with the stock y-websocket client', () => {
  it('SYNC-1 many clients converge on one document', async () => {
    const alliance = await harness.createAlliance({ name: 'Convergence' });
    const docs = Array.from({ length: 8 }, () => new Y.Doc());
    const providers = docs.map((doc) => harness.provider(alliance.id, alliance.token, doc));
    await Promise.all(providers.map((provider) => synced(provider)));
    docs.forEach((doc, i) => {
      for (let k = 0; k < 10; k++) doc.getArray<string>('trust').push([`deposit ${i}.${k}`]);
      doc.getText('charter').insert(0, `note ${i}; `);
    });
    await Promise.all(
      docs.map((doc) => docReaches(doc, () => doc.getArray('trust').length === 80, 'all 80 trust entries')),
    );
    const first = docs[0]!.getArray('trust').toJSON();
    for (const doc of docs) {
      expect(doc.getArray('trust').toJSON()).toEqual(first);
      expect(doc.getText('charter').toString()).toBe(docs[0]!.getText('charter').toString());
      for (let i = 0; i < 8; i++) expect(doc.getText('charter').toString()).toContain(`note ${i}; `);
    }
  });

  it('SYNC-2 a client that was offline catches up, and its offline edits reach the others', async () => {
    const alliance = await harness.createAlliance();
    const online = new Y.Doc();
    const onlineProvider = harness.provider(alliance.id, alliance.token, online);
    await synced(onlineProvider);
    online.getText('charter').insert(0, 'Decisions on strategy need consensus. ');

    const offline = new Y.Doc();
    offline.getMap('exitPlan').set('noticePeriodDays', 90);
    const lateProvider = harness.provider(alliance.id, alliance.token, offline);
    await synced(lateProvider);
    await docReaches(offline, () => offline.getText('charter').length > 0, 'the charter on the late client');
    await docReaches(online, () => online.getMap('exitPlan').get('noticePeriodDays') === 90, 'the offline edit');
    expect(offline.getText('charter').toString()).toBe('Decisions on strategy need consensus. ');
  });

  it('SYNC-3 a fresh client loads what others wrote after the room unloaded (from the store)', async () => {
    const alliance = await harness.createAlliance();
    const writer = new Y.Doc();
    const provider = harness.provider(alliance.id, alliance.token, writer);
    await synced(provider);
    for (let i = 0; i < 50; i++) writer.getArray<number>('checkins').push([i]);
    // Another client seeing every entry proves the relay stored them (it relays only stored updates).
    const witness = new Y.Doc();
    const witnessProvider = harness.provider(alliance.id, alliance.token, witness);
    await synced(witnessProvider);
    await docReaches(witness, () => witness.getArray('checkins').length === 50, 'the witness');
    provider.destroy();
    witnessProvider.destroy();
    await eventually(() => harness.relay.metrics.rooms === 0, 'the room to unload');

    const fresh = new Y.Doc();
    await synced(harness.provider(alliance.id, alliance.token, fresh));
    expect(fresh.getArray('checkins').length).toBe(50);
  });

  it('SYNC-4 our app sends the secret as a subprotocol after `trellis`; the relay answers with `trellis`', async () => {
    const alliance = await harness.createAlliance();
    const socket = harness.socket(`/sync/${alliance.id}`, { protocols: [SUBPROTOCOL, alliance.token] });
    await opened(socket);
    expect(socket.protocol).toBe(SUBPROTOCOL);
    const answer = nextFrame(socket, (frame) => frame[0] === 0 && frame[1] === 1);
    socket.send(Uint8Array.of(0, 0, 1, 0));
    await answer;

    const wrong = harness.socket(`/sync/${alliance.id}`, { protocols: [SUBPROTOCOL, newSecret()] });
    expect((await closed(wrong)).code).toBe(CLOSE_CODES.unauthorized);
  });

  it('PRESENCE-3 presence is relayed, answered on query-awareness, and removed for everyone when its socket closes', async () => {
    const alliance = await harness.createAlliance();
    const ada = harness.provider(alliance.id, alliance.token);
    ada.awareness.setLocalStateField('user', { name: 'Ada' });
    const observer = harness.provider(alliance.id, alliance.token);
    await Promise.all([synced(ada), synced(observer)]);
    const isAda = (state: Record<string, unknown>) => (state.user as { name?: string } | undefined)?.name === 'Ada';
    await presenceShows(observer.awareness, isAda, 'Ada at the observer');

    const raw = harness.socket(`/sync/${alliance.id}?token=${alliance.token}`);
    // Listen before the socket opens: the relay's first frames may arrive in the same tick as 'open'.
    const authorisedFrame = nextFrame(raw, (frame) => frame[0] === 0); // the relay's sync step 1
    await opened(raw);
    await authorisedFrame;
    const answer = nextFrame(raw, (frame) => frame[0] === 1);
    raw.send(Uint8Array.of(3));
    expect(Buffer.from(await answer).toString()).toContain('"Ada"');

    const gone = new Promise<void>((resolve) => {
      observer.awareness.on('change', () => {
        if (![...observer.awareness.getStates().values()].some(isAda)) resolve();
      });
    });
    ada.destroy();
    await withTimeout(gone, 5_000, "Ada's presence to go");
  });

  it('QUERY-1 query-awareness is answered at most once a second per socket: asking cannot amplify', async () => {
    const alliance = await harness.createAlliance();
    const view = await harness.createLink(alliance.id, alliance.token, 'view');
    const ada = harness.provider(alliance.id, alliance.token);
    ada.awareness.setLocalStateField('user', { name: 'Ada', note: 'x'.repeat(4_000) });
    await synced(ada);
    const raw = harness.socket(`/sync/${alliance.id}?token=${view.token}`);
    const joined = nextFrame(raw, (frame) => frame[0] === 1); // everyone's presence, sent on joining
    await opened(raw);
    await joined;
    let answers = 0;
    raw.on('message', (data: Buffer) => {
      if (data[0] === 1) answers += 1;
    });
    for (let i = 0; i < 50; i++) raw.send(Uint8Array.of(3));
    await stillServed(raw);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(answers).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    raw.send(Uint8Array.of(3));
    await vi.waitFor(() => expect(answers).toBe(2), { timeout: 2_000 });
  });

  it('ROLE-1 a view link reads and shows presence, but its writes are never applied, stored or relayed', async () => {
    const alliance = await harness.createAlliance();
    const view = await harness.createLink(alliance.id, alliance.token, 'view');
    const owner = new Y.Doc();
    const ownerProvider = harness.provider(alliance.id, alliance.token, owner);
    await synced(ownerProvider);
    owner.getText('charter').insert(0, 'Owner text.');

    const viewer = new Y.Doc();
    const viewerProvider = harness.provider(alliance.id, view.token, viewer);
    viewerProvider.awareness.setLocalStateField('user', { name: 'Viewer' });
    await synced(viewerProvider);
    await docReaches(viewer, () => viewer.getText('charter').toString() === 'Owner text.', 'owner text at viewer');
    // The viewer's first write of its own: nothing in the document is missing for it, so only the
    // role keeps it out.
    viewer.getMap('meta').set('purpose', 'forged while connected');
    // And the same as a sync step 2 from a raw view socket, built on nothing.
    const forger = new Y.Doc();
    forger.getMap('meta').set('name', 'forged in a sync step 2');
    const raw = harness.socket(`/sync/${alliance.id}?token=${view.token}`);
    await opened(raw);
    const update = Y.encodeStateAsUpdate(forger);
    raw.send(Uint8Array.of(0, 1, update.length, ...update));
    const answered = nextFrame(raw, (frame) => frame[0] === 0 && frame[1] === 1);
    raw.send(Uint8Array.of(0, 0, 1, 0));
    await answered;

    await presenceShows(
      ownerProvider.awareness,
      (state) => (state.user as { name?: string } | undefined)?.name === 'Viewer',
      'viewer presence at the owner',
    );
    // A writer that joins now sees the owner's text but nothing of the viewer's.
    const late = new Y.Doc();
    await synced(harness.provider(alliance.id, alliance.token, late));
    expect(late.getText('charter').toString()).toBe('Owner text.');
    expect(late.getMap('meta').toJSON()).toEqual({});
    expect(owner.getMap('meta').toJSON()).toEqual({});
  });

  it('ROLE-2 an edit link writes', async () => {
    const alliance = await harness.createAlliance();
    const edit = await harness.createLink(alliance.id, alliance.token, 'edit');
    const editor = new Y.Doc();
    await synced(harness.provider(alliance.id, edit.token, editor));
    // A partnerless edit link is a facilitator: the shared texts are its to write (AUTH-2).
    editor.getMap('exitPlan').set('forceMajeure', 'joint go-to-market');
    const owner = new Y.Doc();
    await synced(harness.provider(alliance.id, alliance.token, owner));
    await docReaches(owner, () => owner.getMap('exitPlan').get('forceMajeure') === 'joint go-to-market', 'the edit');
  });

  it('REVOKE-1 revoking a link closes its live sockets with 4403 within a second, and refuses it after', async () => {
    const alliance = await harness.createAlliance();
    const edit = await harness.createLink(alliance.id, alliance.token, 'edit');
    const provider = harness.provider(alliance.id, edit.token);
    await synced(provider);
    const closedWith = providerClosed(provider, 1_000);
    const started = Date.now();
    const response = await harness.api(`/api/alliances/${alliance.id}/links/${edit.id}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${alliance.token}` },
    });
    expect(response.status).toBe(204);
    expect(await closedWith).toBe(CLOSE_CODES.revoked);
    expect(Date.now() - started).toBeLessThan(1_000);

    const again = harness.provider(alliance.id, edit.token);
    expect(await providerClosed(again)).toBe(CLOSE_CODES.revoked);
  });

  it('REFUSE-1 no token, an unknown token, a token of another alliance: 4401; a bad alliance id: 4404', async () => {
    const alliance = await harness.createAlliance();
    const other = await harness.createAlliance();
    expect(await providerClosed(harness.provider(alliance.id, ''))).toBe(CLOSE_CODES.unauthorized);
    expect(await providerClosed(harness.provider(alliance.id, 'x'.repeat(43)))).toBe(CLOSE_CODES.unauthorized);
    expect(await providerClosed(harness.provider(alliance.id, other.token))).toBe(CLOSE_CODES.unauthorized);
    expect(await providerClosed(harness.provider(newAllianceId(), alliance.token))).toBe(CLOSE_CODES.unauthorized);
    expect(await providerClosed(harness.provider('not-an-id', alliance.token))).toBe(CLOSE_CODES.notFound);
  });
});
