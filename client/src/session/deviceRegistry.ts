import { isAllianceId, isRole, isSecret, type Role } from '@trellis/shared';

/**
 * The alliances kept on this device: one localStorage key per alliance, so that a corrupt entry
 * costs that entry only, never the others. Secrets live here and nowhere else (never in the document).
 */
export interface DeviceAlliance {
  id: string;
  /** The link secret this device connects with; null when opened from a link without a key. */
  secret: string | null;
  role: Role;
  /** Last known name, shown before the document has loaded. */
  name: string;
  displayName: string | null;
  /** The partner this device acts for: the link's partner, in the relay's word once it has answered (null: none). */
  partnerId: string | null;
  /** The link's label, as the relay knows it ('' until it has answered). */
  linkLabel: string;
  /** True once the relay has described this link (or the alliance was made here): partnerId is then the link's own. */
  linkKnown: boolean;
  /**
   * The creator's organization, while the owner link made with the alliance does not yet belong to it on the relay
   * (the relay's create request carries no partner: the session makes an owner link for it and switches to that one).
   */
  bindPartnerId: string | null;
  /** False until the relay has accepted this alliance (made offline, registers later). */
  registered: boolean;
  /** Local changes made since the relay last confirmed a sync. */
  pendingChanges: number;
  lastSyncedAt: number | null;
  lastOpenedAt: number;
  /** When this device last saw the document change (here or from a partner). */
  lastChangeAt: number | null;
  /** Set when the relay refused the secret (4401 unknown, 4403 revoked): the copy stays, read-only. */
  refusedCode: number | null;
  /**
   * Put away from the portfolio's main list, under "Archived", on this device only: how one person sorts their own
   * portfolio, not a fact of the alliance its partners share (they may still be working in it).
   */
  archived: boolean;
}

/** An entry that could not be read; shown as an error with its key, never silently dropped. */
export interface UnreadableEntry {
  key: string;
  reason: string;
}

export interface StorageLike {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const REGISTRY_PREFIX = 'trellis.alliance.v1.';

export class DeviceRegistry {
  constructor(private readonly storage: StorageLike) {}

  list(): { alliances: DeviceAlliance[]; unreadable: UnreadableEntry[] } {
    const alliances: DeviceAlliance[] = [];
    const unreadable: UnreadableEntry[] = [];
    for (const key of this.keys()) {
      const result = readEntry(key, this.storage.getItem(key));
      if (result.ok) alliances.push(result.entry);
      else unreadable.push({ key, reason: result.reason });
    }
    alliances.sort((a, b) => b.lastOpenedAt - a.lastOpenedAt);
    return { alliances, unreadable };
  }

  get(id: string): DeviceAlliance | null {
    const key = REGISTRY_PREFIX + id;
    const result = readEntry(key, this.storage.getItem(key));
    return result.ok ? result.entry : null;
  }

  put(entry: DeviceAlliance): void {
    this.storage.setItem(REGISTRY_PREFIX + entry.id, JSON.stringify(entry));
  }

  update(id: string, patch: Partial<Omit<DeviceAlliance, 'id'>>): DeviceAlliance | null {
    const current = this.get(id);
    if (!current) return null;
    const next = { ...current, ...patch };
    this.put(next);
    return next;
  }

  remove(id: string): void {
    this.storage.removeItem(REGISTRY_PREFIX + id);
  }

  /** Drops an entry that cannot be read (the user's choice, after seeing the error). */
  forget(key: string): void {
    if (key.startsWith(REGISTRY_PREFIX)) this.storage.removeItem(key);
  }

  private keys(): string[] {
    const keys: string[] = [];
    for (let i = 0; i < this.storage.length; i++) {
      const key = this.storage.key(i);
      if (key?.startsWith(REGISTRY_PREFIX)) keys.push(key);
    }
    return keys;
  }
}

type ReadResult = { ok: true; entry: DeviceAlliance } | { ok: false; reason: string };

function readEntry(key: string, raw: string | null): ReadResult {
  if (raw === null) return { ok: false, reason: 'missing' };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'not valid JSON' };
  }
  if (typeof value !== 'object' || value === null) return { ok: false, reason: 'not an object' };
  const v = value as Record<string, unknown>;
  const id = key.slice(REGISTRY_PREFIX.length);
  if (!isAllianceId(v.id) || v.id !== id) return { ok: false, reason: 'bad alliance id' };
  if (v.secret !== null && !isSecret(v.secret)) return { ok: false, reason: 'bad secret' };
  if (!isRole(v.role)) return { ok: false, reason: 'bad role' };
  if (typeof v.name !== 'string') return { ok: false, reason: 'bad name' };
  if (!isNullableString(v.displayName) || !isNullableString(v.partnerId)) {
    return { ok: false, reason: 'bad display name or partner' };
  }
  if (!isCount(v.lastOpenedAt)) return { ok: false, reason: 'bad last opened time' };
  return {
    ok: true,
    entry: {
      id: v.id,
      secret: v.secret,
      role: v.role,
      name: v.name,
      displayName: v.displayName,
      partnerId: v.partnerId,
      linkLabel: typeof v.linkLabel === 'string' ? v.linkLabel : '',
      linkKnown: v.linkKnown === true,
      bindPartnerId: typeof v.bindPartnerId === 'string' ? v.bindPartnerId : null,
      registered: v.registered === true,
      pendingChanges: isCount(v.pendingChanges) ? v.pendingChanges : 0,
      lastSyncedAt: isCount(v.lastSyncedAt) ? v.lastSyncedAt : null,
      lastOpenedAt: v.lastOpenedAt,
      lastChangeAt: isCount(v.lastChangeAt) ? v.lastChangeAt : null,
      refusedCode: isCount(v.refusedCode) ? v.refusedCode : null,
      archived: v.archived === true,
    },
  };
}

function isNullableString(value: unknown): value is string | null {
  return value === null || typeof value === 'string';
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** A Storage in memory, for tests and for browsers that refuse localStorage. */
export class MemoryStorage implements StorageLike {
  private readonly items = new Map<string, string>();
  get length(): number {
    return this.items.size;
  }
  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}
