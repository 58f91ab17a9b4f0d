import { describe, expect, it } from 'vitest';
import { newAllianceId, newSecret } from '@trellis/shared';
import { DeviceRegistry, MemoryStorage, REGISTRY_PREFIX, type DeviceAlliance } from './deviceRegistry.ts';

function entry(over: Partial<DeviceAlliance> = {}): DeviceAlliance {
  return {
    id: newAllianceId(),
    secret: newSecret(),
    role: 'owner',
    name: 'Green Last Mile',
    displayName: 'Ada',
    partnerId: null,
    linkLabel: '',
    linkKnown: true,
    bindPartnerId: null,
    registered: false,
    pendingChanges: 0,
    lastSyncedAt: null,
    lastOpenedAt: 1000,
    lastChangeAt: null,
    refusedCode: null,
    archived: false,
    ...over,
  };
}

describe('device registry', () => {
  it('keeps alliances and lists the most recently opened first', () => {
    const registry = new DeviceRegistry(new MemoryStorage());
    const older = entry({ lastOpenedAt: 1 });
    const newer = entry({ lastOpenedAt: 2 });
    registry.put(older);
    registry.put(newer);
    expect(registry.list().alliances.map((a) => a.id)).toEqual([newer.id, older.id]);
    expect(registry.get(older.id)).toEqual(older);
  });

  it('reports a corrupt entry and keeps every other alliance', () => {
    const storage = new MemoryStorage();
    const registry = new DeviceRegistry(storage);
    const good = entry();
    registry.put(good);
    const badId = newAllianceId();
    storage.setItem(REGISTRY_PREFIX + badId, '{"id": not json');
    const shortSecret = entry({ secret: 'short' });
    storage.setItem(REGISTRY_PREFIX + shortSecret.id, JSON.stringify(shortSecret));
    const { alliances, unreadable } = registry.list();
    expect(alliances.map((a) => a.id)).toEqual([good.id]);
    expect(unreadable.map((u) => u.reason).sort()).toEqual(['bad secret', 'not valid JSON']);
    registry.forget(REGISTRY_PREFIX + badId);
    expect(registry.list().unreadable).toHaveLength(1);
  });

  it('refuses an entry filed under another alliance id', () => {
    const storage = new MemoryStorage();
    const e = entry();
    storage.setItem(REGISTRY_PREFIX + newAllianceId(), JSON.stringify(e));
    expect(new DeviceRegistry(storage).list().unreadable[0]?.reason).toBe('bad alliance id');
  });

  it('updates fields of one entry', () => {
    const registry = new DeviceRegistry(new MemoryStorage());
    const e = entry();
    registry.put(e);
    registry.update(e.id, { pendingChanges: 3, registered: true });
    expect(registry.get(e.id)).toMatchObject({ pendingChanges: 3, registered: true, name: e.name });
    expect(registry.update(newAllianceId(), { name: 'x' })).toBeNull();
  });

  it('keeps an alliance archived on this device, and reads an entry written before archiving existed as not archived', () => {
    const storage = new MemoryStorage();
    const registry = new DeviceRegistry(storage);
    const kept = entry();
    registry.put(kept);
    registry.update(kept.id, { archived: true });
    expect(new DeviceRegistry(storage).get(kept.id)?.archived).toBe(true);
    const { archived: _dropped, ...older } = entry();
    storage.setItem(REGISTRY_PREFIX + older.id, JSON.stringify(older));
    expect(registry.get(older.id)?.archived).toBe(false);
  });
});
