import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { newAllianceId, newRecordId, newSecret, type Place, type Role } from '@trellis/shared';
import type { ActivityRecord, AllianceRecord, AllianceStore, LinkRecord } from './allianceStore.ts';

/**
 * One contract every store implementation must meet (SQLite, PostgreSQL, and an in-memory one
 * for tests). `open` makes a store over fresh data; `reopen`, when a store persists, closes
 * it and opens the same data again.
 */
export interface StoreUnderTest {
  store: AllianceStore;
  reopen?: () => Promise<AllianceStore>;
}

export function registerStoreContract(name: string, open: () => Promise<StoreUnderTest>): void {
  describe(`store contract: ${name}`, () => {
    const opened: AllianceStore[] = [];
    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close();
    });

    async function fresh(): Promise<StoreUnderTest> {
      const made = await open();
      opened.push(made.store);
      if (!made.reopen) return made;
      const reopen = made.reopen;
      return {
        store: made.store,
        reopen: async () => {
          opened.splice(opened.indexOf(made.store), 1);
          const again = await reopen();
          opened.push(again);
          return again;
        },
      };
    }

    function hash(secret: string): Uint8Array {
      return new Uint8Array(createHash('sha256').update(secret).digest());
    }

    function link(allianceId: string, role: Role, createdAt = Date.now()): LinkRecord {
      return {
        id: newRecordId(),
        allianceId,
        role,
        label: `${role} link`,
        partnerId: role === 'owner' ? null : 'partnerA1',
        tokenHash: hash(newSecret()),
        createdAt,
        revokedAt: null,
      };
    }

    async function registered(store: AllianceStore): Promise<{ alliance: AllianceRecord; owner: LinkRecord }> {
      const id = newAllianceId();
      const owner = link(id, 'owner', 1000);
      const alliance: AllianceRecord = { id, name: 'Northwind × Contoso', createdAt: 1000, creatorLinkId: owner.id };
      expect(await store.createAlliance(alliance, owner)).toBe('created');
      return { alliance, owner };
    }

    it('STORE-1 registers an alliance once, with its creator link', async () => {
      const { store } = await fresh();
      const { alliance, owner } = await registered(store);
      expect(await store.getAlliance(alliance.id)).toEqual(alliance);
      expect(await store.createAlliance(alliance, link(alliance.id, 'owner'))).toBe('exists');
      expect(await store.listLinks(alliance.id)).toEqual([owner]);
      expect(await store.getAlliance(newAllianceId())).toBeNull();
    });

    it('STORE-2 finds a link by the hash of its secret, and only then', async () => {
      const { store } = await fresh();
      const { owner } = await registered(store);
      expect(await store.findLinkByTokenHash(owner.tokenHash)).toEqual(owner);
      expect(await store.findLinkByTokenHash(hash('not-a-secret-of-anyone'))).toBeNull();
    });

    it('STORE-3 lists links oldest first and revokes them, keeping the last live owner', async () => {
      const { store } = await fresh();
      const { alliance, owner } = await registered(store);
      const editor = link(alliance.id, 'edit', 2000);
      const viewer = link(alliance.id, 'view', 3000);
      expect(await store.createLink(editor, 1000)).toBe('created');
      expect(await store.createLink(viewer, 1000)).toBe('created');
      expect((await store.listLinks(alliance.id)).map((l) => l.id)).toEqual([owner.id, editor.id, viewer.id]);

      expect(await store.revokeLink(alliance.id, owner.id, 4000)).toBe('last_owner');
      expect(await store.revokeLink(alliance.id, editor.id, 4000)).toBe('revoked');
      expect(await store.revokeLink(alliance.id, editor.id, 5000)).toBe('revoked');
      expect(await store.revokeLink(alliance.id, 'no-such-link', 4000)).toBe('not_found');
      expect((await store.findLinkByTokenHash(editor.tokenHash))?.revokedAt).toBe(4000);

      const secondOwner = link(alliance.id, 'owner', 6000);
      expect(await store.createLink(secondOwner, 1000)).toBe('created');
      expect(await store.revokeLink(alliance.id, owner.id, 7000)).toBe('revoked');
      expect(await store.revokeLink(alliance.id, secondOwner.id, 7000)).toBe('last_owner');
    });

    it('STORE-12 refuses a new alliance whose creator secret already belongs to a link, writing nothing', async () => {
      const { store } = await fresh();
      const { owner } = await registered(store);
      const id = newAllianceId();
      const reused: LinkRecord = { ...link(id, 'owner'), tokenHash: owner.tokenHash.slice() };
      expect(await store.createAlliance({ id, name: '', createdAt: 1, creatorLinkId: reused.id }, reused)).toBe('secret_taken');
      expect(await store.getAlliance(id)).toBeNull();
      expect((await store.findLinkByTokenHash(owner.tokenHash))?.id).toBe(owner.id);
    });

    it('STORE-13 caps live links per alliance (revoked ones do not count) and lists them in pages', async () => {
      const { store } = await fresh();
      const { alliance, owner } = await registered(store);
      const made = [owner];
      for (let i = 0; i < 3; i++) {
        const next = link(alliance.id, 'edit', 2000 + i);
        expect(await store.createLink(next, 4)).toBe('created');
        made.push(next);
      }
      expect(await store.createLink(link(alliance.id, 'view', 3000), 4)).toBe('limit');
      expect(await store.revokeLink(alliance.id, made[1]!.id, 3000)).toBe('revoked');
      const last = link(alliance.id, 'view', 2000); // the same time as an earlier one: made later, listed later
      expect(await store.createLink(last, 4)).toBe('created');
      made.splice(2, 0, last);
      const ids = made.map((l) => l.id);
      expect((await store.listLinks(alliance.id)).map((l) => l.id)).toEqual(ids);
      expect((await store.listLinks(alliance.id, { limit: 2 })).map((l) => l.id)).toEqual(ids.slice(0, 2));
      expect((await store.listLinks(alliance.id, { after: ids[1], limit: 2 })).map((l) => l.id)).toEqual(ids.slice(2, 4));
      expect((await store.listLinks(alliance.id, { after: ids[3] })).map((l) => l.id)).toEqual(ids.slice(4));
      expect(await store.listLinks(alliance.id, { after: 'not-a-link' })).toEqual([]);
      const other = await registered(store);
      expect(await store.listLinks(other.alliance.id, { after: ids[0] })).toEqual([]);
    });

    it('STORE-4 does not revoke a link through another alliance', async () => {
      const { store } = await fresh();
      const first = await registered(store);
      const second = await registered(store);
      const editor = link(first.alliance.id, 'edit');
      expect(await store.createLink(editor, 1000)).toBe('created');
      expect(await store.revokeLink(second.alliance.id, editor.id, 1)).toBe('not_found');
      expect((await store.findLinkByTokenHash(editor.tokenHash))?.revokedAt).toBeNull();
    });

    it('STORE-5 appends updates in order and loads them back into the same document', async () => {
      const { store } = await fresh();
      const { alliance } = await registered(store);
      const other = await registered(store);
      const doc = new Y.Doc();
      const updates: Uint8Array[] = [];
      doc.on('update', (update: Uint8Array) => updates.push(update));
      for (let i = 0; i < 20; i++) doc.getArray<number>('trust').push([i]);
      const seqs = await store.appendUpdates(updates.map((update) => ({ allianceId: alliance.id, update })));
      await store.appendUpdates([{ allianceId: other.alliance.id, update: updates[0]! }]);
      expect(seqs).toHaveLength(20);
      expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);

      const loaded = await store.loadDocument(alliance.id);
      expect(loaded.updates).toEqual(updates);
      expect(loaded.throughSeq).toBe(seqs.at(-1));
      expect(await store.loadDocument(newAllianceId())).toEqual({ updates: [], throughSeq: 0, stateVector: null });

      // A store that commits inline stores the same way, numbering on.
      if (store.appendUpdatesNow) {
        doc.getArray<number>('trust').push([20]);
        expect(updates).toHaveLength(21);
        const [seq] = store.appendUpdatesNow([{ allianceId: alliance.id, update: updates[20]! }]);
        expect(seq).toBeGreaterThan(seqs.at(-1)!);
        expect((await store.loadDocument(alliance.id)).updates).toEqual(updates);
      }
    });

    it('STORE-6 compaction folds the log into one snapshot, keeps later updates and never moves back', async () => {
      const { store } = await fresh();
      const { alliance } = await registered(store);
      const doc = new Y.Doc();
      const text = doc.getText('charter');
      const first: number[] = [];
      for (let i = 0; i < 10; i++) {
        text.insert(text.length, `clause ${i}. `);
        first.push(...(await store.appendUpdates([{ allianceId: alliance.id, update: Y.encodeStateAsUpdate(doc) }])));
      }
      const snapshot = Y.encodeStateAsUpdate(doc);
      text.insert(0, 'Preamble. ');
      const late = Y.encodeStateAsUpdate(doc);
      const [lateSeq] = await store.appendUpdates([{ allianceId: alliance.id, update: late }]);
      await store.compact(alliance.id, snapshot, Y.encodeStateVectorFromUpdate(snapshot), first.at(-1)!);

      const loaded = await store.loadDocument(alliance.id);
      expect(loaded.updates).toEqual([snapshot, late]);
      expect(loaded.throughSeq).toBe(lateSeq);
      // With a log after the snapshot, the snapshot's state vector is not the document's.
      expect(loaded.stateVector).toBeNull();

      await store.compact(alliance.id, new Uint8Array([0, 0]), new Uint8Array([0]), first[0]!);
      expect((await store.loadDocument(alliance.id)).updates[0]).toEqual(snapshot);

      const whole = Y.encodeStateAsUpdate(doc);
      await store.compact(alliance.id, whole, Y.encodeStateVector(doc), lateSeq!);
      expect(await store.loadDocument(alliance.id)).toEqual({
        updates: [whole],
        throughSeq: lateSeq,
        stateVector: Y.encodeStateVector(doc),
      });

      const restored = new Y.Doc();
      for (const update of loaded.updates) Y.applyUpdate(restored, update);
      expect(restored.getText('charter').toString()).toBe(text.toString());

      // With the log emptied, the next update is still numbered after the snapshot and loads after it.
      const before = Y.encodeStateVector(doc);
      text.insert(text.length, 'Annex.');
      const annex = Y.encodeStateAsUpdate(doc, before);
      const [annexSeq] = await store.appendUpdates([{ allianceId: alliance.id, update: annex }]);
      expect(annexSeq).toBeGreaterThan(lateSeq!);
      expect(await store.loadDocument(alliance.id)).toEqual({ updates: [whole, annex], throughSeq: annexSeq, stateVector: null });
    });

    it('ACT-5 keeps each update\'s activity under its seq, newest first, filtered and paged; compaction keeps it', async () => {
      const made = await fresh();
      const { alliance } = await registered(made.store);
      const other = await registered(made.store);
      const entry = (partnerId: string | null, places: Place[]): ActivityRecord => ({ at: 5, linkId: 'L1', linkLabel: 'Ana', partnerId, places, placeCount: places.length });
      const vote: Place = { kind: 'vote', decisionId: 'd1', partnerId: 'p1' };
      const charter: Place = { kind: 'charter' };
      const seqs = await made.store.appendUpdates([
        { allianceId: alliance.id, update: new Uint8Array([0, 0]), activity: entry('p1', [vote]) },
        { allianceId: alliance.id, update: new Uint8Array([0, 0]), activity: entry(null, [charter]) },
        { allianceId: alliance.id, update: new Uint8Array([0, 0]) },
        { allianceId: other.alliance.id, update: new Uint8Array([0, 0]), activity: entry('p2', [charter]) },
        { allianceId: alliance.id, update: new Uint8Array([0, 0]), activity: entry('p2', [charter, vote]) },
      ]);
      const all = await made.store.listActivity(alliance.id, {});
      expect(all.map((e) => e.seq)).toEqual([seqs[4], seqs[1], seqs[0]]);
      expect(all[2]).toEqual({ seq: seqs[0], at: 5, linkId: 'L1', linkLabel: 'Ana', partnerId: 'p1', places: [vote], placeCount: 1 });
      expect((await made.store.listActivity(alliance.id, { partnerId: null })).map((e) => e.seq)).toEqual([seqs[1]]);
      expect((await made.store.listActivity(alliance.id, { partnerId: 'p2' })).map((e) => e.seq)).toEqual([seqs[4]]);
      expect((await made.store.listActivity(alliance.id, { section: 'decisions' })).map((e) => e.seq)).toEqual([seqs[4], seqs[0]]);
      expect((await made.store.listActivity(alliance.id, { before: seqs[4], limit: 1 })).map((e) => e.seq)).toEqual([seqs[1]]);
      const doc = new Y.Doc();
      await made.store.compact(alliance.id, Y.encodeStateAsUpdate(doc), Y.encodeStateVector(doc), seqs[4]!);
      expect(await made.store.listActivity(alliance.id, {})).toEqual(all);
      if (made.reopen) expect(await (await made.reopen()).listActivity(alliance.id, {})).toEqual(all);
    });

    it('ACT-5 keeps the record of an update appended alone, and of each update of a one-alliance batch, under its seq', async () => {
      const { store } = await fresh();
      const { alliance } = await registered(store);
      const record = (linkId: string, places: Place[]): ActivityRecord => ({ at: 7, linkId, linkLabel: 'Bo', partnerId: null, places, placeCount: places.length });
      const charter: Place = { kind: 'charter' };
      const vote: Place = { kind: 'vote', decisionId: 'd1', partnerId: 'p1' };
      const [alone] = await store.appendUpdates([{ allianceId: alliance.id, update: new Uint8Array([0, 0]), activity: record('L1', [charter]) }]);
      const batch = await store.appendUpdates([
        { allianceId: alliance.id, update: new Uint8Array([0, 0]) },
        { allianceId: alliance.id, update: new Uint8Array([0, 0]), activity: record('L2', [vote, charter]) },
        { allianceId: alliance.id, update: new Uint8Array([0, 0]), activity: record('L3', []) },
      ]);
      expect(await store.listActivity(alliance.id, {})).toEqual([
        { seq: batch[2], at: 7, linkId: 'L3', linkLabel: 'Bo', partnerId: null, places: [], placeCount: 0 },
        { seq: batch[1], at: 7, linkId: 'L2', linkLabel: 'Bo', partnerId: null, places: [vote, charter], placeCount: 2 },
        { seq: alone, at: 7, linkId: 'L1', linkLabel: 'Bo', partnerId: null, places: [charter], placeCount: 1 },
      ]);
      expect((await store.listActivity(alliance.id, { section: 'decisions' })).map((entry) => entry.seq)).toEqual([batch[1]]);
    });

    it('STORE-14 numbers each alliance\'s updates 1, 2, 3, ... without a gap, across batches, alliances and a compaction', async () => {
      const { store } = await fresh();
      const { alliance } = await registered(store);
      const other = await registered(store);
      const bytes = new Uint8Array([0, 0]);
      const seqs = await store.appendUpdates([
        { allianceId: alliance.id, update: bytes },
        { allianceId: other.alliance.id, update: bytes },
        { allianceId: alliance.id, update: bytes },
      ]);
      expect(seqs).toEqual([1, 1, 2]);
      expect(await store.appendUpdates([{ allianceId: other.alliance.id, update: bytes }])).toEqual([2]);
      const concurrent = await Promise.all(Array.from({ length: 5 }, () => store.appendUpdates([{ allianceId: alliance.id, update: bytes }])));
      expect(concurrent.flat().sort((a, b) => a - b)).toEqual([3, 4, 5, 6, 7]);
      await store.compact(alliance.id, bytes, new Uint8Array([0]), 7);
      expect(await store.appendUpdates([{ allianceId: alliance.id, update: bytes }])).toEqual([8]);
    });

    it('STORE-15 gives the updates after a seq with their seqs, or says that compaction folded some of them', async () => {
      const { store } = await fresh();
      const { alliance } = await registered(store);
      const updates = [1, 2, 3, 4].map((n) => new Uint8Array([0, n]));
      const seqs = await store.appendUpdates(updates.map((update) => ({ allianceId: alliance.id, update })));
      expect(await store.loadSince(alliance.id, seqs[1]!)).toEqual({
        compacted: false,
        updates: [
          { seq: seqs[2], update: updates[2] },
          { seq: seqs[3], update: updates[3] },
        ],
      });
      expect(await store.loadSince(alliance.id, seqs[3]!)).toEqual({ compacted: false, updates: [] });
      expect(await store.loadSince(newAllianceId(), 0)).toEqual({ compacted: false, updates: [] });

      await store.compact(alliance.id, new Uint8Array([0, 0]), new Uint8Array([0]), seqs[2]!);
      expect(await store.loadSince(alliance.id, seqs[1]!)).toEqual({ compacted: true });
      expect(await store.loadSince(alliance.id, seqs[2]!)).toEqual({ compacted: false, updates: [{ seq: seqs[3], update: updates[3] }] });
    });

    it('STORE-7 keeps everything across a reopen (when the store persists)', async () => {
      const made = await fresh();
      if (!made.reopen) {
        expect(made.reopen).toBeUndefined();
        return;
      }
      const { alliance, owner } = await registered(made.store);
      await made.store.appendUpdates([{ allianceId: alliance.id, update: new Uint8Array([0, 0]) }]);
      const [firstSeq] = await made.store.appendUpdates([{ allianceId: alliance.id, update: new Uint8Array([0, 0]) }]);
      const again = await made.reopen();
      expect(await again.getAlliance(alliance.id)).toEqual(alliance);
      expect(await again.findLinkByTokenHash(owner.tokenHash)).toEqual(owner);
      expect((await again.loadDocument(alliance.id)).updates).toEqual([new Uint8Array([0, 0]), new Uint8Array([0, 0])]);
      const [laterSeq] = await again.appendUpdates([{ allianceId: alliance.id, update: new Uint8Array([0, 0]) }]);
      expect(laterSeq).toBeGreaterThan(firstSeq!);
    });
  });
}
