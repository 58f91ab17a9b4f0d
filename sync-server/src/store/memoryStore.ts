import { sectionOf, type ActivityEntry } from '@trellis/shared';
import { MAX_ACTIVITY_ENTRIES, type AllianceRecord, type AllianceStore, type LinkRecord, type StoredDocument } from './allianceStore.ts';

/** Everything in maps: for tests, and as the second implementation the store contract runs against. */
export function createMemoryStore(): AllianceStore {
  const alliances = new Map<string, AllianceRecord>();
  const links = new Map<string, LinkRecord>();
  const snapshots = new Map<string, { data: Uint8Array; stateVector: Uint8Array; throughSeq: number }>();
  const logs = new Map<string, Array<{ seq: number; data: Uint8Array }>>();
  /** Each alliance's activity, oldest first; compaction does not fold it (ACT-1). */
  const activity = new Map<string, ActivityEntry[]>();
  /** Each alliance's last sequence number: gapless per alliance. */
  const lastSeqs = new Map<string, number>();

  const copyLink = (link: LinkRecord): LinkRecord => ({ ...link, tokenHash: link.tokenHash.slice() });
  const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((byte, i) => byte === b[i]);

  function insertLink(link: LinkRecord): void {
    if (links.has(link.id)) throw new Error(`link ${link.id} exists`);
    for (const other of links.values()) {
      if (sameBytes(other.tokenHash, link.tokenHash)) throw new Error('token hash exists');
    }
    links.set(link.id, copyLink(link));
  }

  return {
    syncsEveryAppend: false,
    async createAlliance(alliance, creatorLink) {
      if (alliances.has(alliance.id)) return 'exists';
      for (const other of links.values()) {
        if (sameBytes(other.tokenHash, creatorLink.tokenHash)) return 'secret_taken';
      }
      insertLink(creatorLink);
      alliances.set(alliance.id, { ...alliance });
      return 'created';
    },
    async getAlliance(id) {
      const alliance = alliances.get(id);
      return alliance ? { ...alliance } : null;
    },
    async createLink(link, maxLive) {
      if (!alliances.has(link.allianceId)) throw new Error(`alliance ${link.allianceId} does not exist`);
      let live = 0;
      for (const other of links.values()) if (other.allianceId === link.allianceId && other.revokedAt === null) live++;
      if (live >= maxLive) return 'limit';
      insertLink(link);
      return 'created';
    },
    async listLinks(allianceId, page = {}) {
      // Oldest first; a Map keeps insertion order, which breaks ties in createdAt.
      let all = [...links.values()].filter((link) => link.allianceId === allianceId);
      all = all.map((link, i) => ({ link, i })).sort((a, b) => a.link.createdAt - b.link.createdAt || a.i - b.i).map((e) => e.link);
      if (page.after !== undefined) {
        const at = all.findIndex((link) => link.id === page.after);
        all = at < 0 ? [] : all.slice(at + 1);
      }
      return all.slice(0, page.limit ?? all.length).map(copyLink);
    },
    async revokeLink(allianceId, linkId, at) {
      const link = links.get(linkId);
      if (!link || link.allianceId !== allianceId) return 'not_found';
      if (link.revokedAt !== null) return 'revoked';
      if (link.role === 'owner') {
        const liveOwners = [...links.values()].filter(
          (other) => other.allianceId === allianceId && other.role === 'owner' && other.revokedAt === null,
        );
        if (liveOwners.length <= 1) return 'last_owner';
      }
      link.revokedAt = at;
      return 'revoked';
    },
    async findLinkByTokenHash(tokenHash) {
      for (const link of links.values()) {
        if (sameBytes(link.tokenHash, tokenHash)) return copyLink(link);
      }
      return null;
    },
    async loadDocument(allianceId): Promise<StoredDocument> {
      const snapshot = snapshots.get(allianceId);
      const updates: Uint8Array[] = snapshot ? [snapshot.data.slice()] : [];
      let throughSeq = snapshot?.throughSeq ?? 0;
      for (const entry of logs.get(allianceId) ?? []) {
        if (entry.seq <= throughSeq) continue;
        updates.push(entry.data.slice());
        throughSeq = entry.seq;
      }
      const whole = snapshot !== undefined && updates.length === 1;
      return { updates, throughSeq, stateVector: whole ? snapshot.stateVector.slice() : null };
    },
    async loadSince(allianceId, afterSeq) {
      if ((snapshots.get(allianceId)?.throughSeq ?? 0) > afterSeq) return { compacted: true };
      const after = (logs.get(allianceId) ?? []).filter((entry) => entry.seq > afterSeq);
      return { compacted: false, updates: after.map((entry) => ({ seq: entry.seq, update: entry.data.slice() })) };
    },
    async appendUpdates(entries) {
      return entries.map((entry) => {
        const seq = (lastSeqs.get(entry.allianceId) ?? 0) + 1;
        lastSeqs.set(entry.allianceId, seq);
        const log = logs.get(entry.allianceId) ?? [];
        log.push({ seq, data: entry.update.slice() });
        logs.set(entry.allianceId, log);
        if (entry.activity) {
          const entries = activity.get(entry.allianceId) ?? [];
          entries.push(structuredClone({ ...entry.activity, seq }));
          activity.set(entry.allianceId, entries);
        }
        return seq;
      });
    },
    async compact(allianceId, snapshot, stateVector, throughSeq) {
      const current = snapshots.get(allianceId);
      if (current && current.throughSeq > throughSeq) return;
      snapshots.set(allianceId, { data: snapshot.slice(), stateVector: stateVector.slice(), throughSeq });
      logs.set(
        allianceId,
        (logs.get(allianceId) ?? []).filter((entry) => entry.seq > throughSeq),
      );
      const entries = activity.get(allianceId) ?? [];
      if (entries.length > MAX_ACTIVITY_ENTRIES) entries.splice(0, entries.length - MAX_ACTIVITY_ENTRIES);
    },
    async listActivity(allianceId, query) {
      const matching = (activity.get(allianceId) ?? []).filter(
        (e) =>
          (query.before === undefined || e.seq < query.before) &&
          (query.partnerId === undefined || e.partnerId === query.partnerId) &&
          (query.section === undefined || e.places.some((p) => sectionOf(p) === query.section)),
      );
      return structuredClone(matching.reverse().slice(0, query.limit ?? matching.length));
    },
    async close() {},
  };
}
