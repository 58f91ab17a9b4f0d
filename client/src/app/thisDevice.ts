import { DeviceRegistry, MemoryStorage, type StorageLike } from '../session/deviceRegistry.ts';
import { RelayApi } from '../session/relayApi.ts';
import type { RelayEndpoint } from '../session/allianceSession.svelte.ts';

const DISPLAY_NAME_KEY = 'trellis.displayName';

/** The device's storage, or memory when the browser refuses localStorage (the app still works for this visit). */
export function deviceStorage(): { storage: StorageLike; persistent: boolean } {
  try {
    const storage = globalThis.localStorage;
    const probe = 'trellis.probe';
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return { storage, persistent: true };
  } catch {
    return { storage: new MemoryStorage(), persistent: false };
  }
}

/** The relay that served this page: same host, `/sync` for WebSockets and `/api` for links. */
export function relayFor(location: Location): RelayEndpoint {
  const wsScheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return { syncUrl: `${wsScheme}://${location.host}/sync`, api: new RelayApi(location.origin) };
}

export function createRegistry(storage: StorageLike): DeviceRegistry {
  return new DeviceRegistry(storage);
}

/** The display name this person used last, to prefill the next "who are you" question. */
export function rememberedDisplayName(storage: StorageLike): string {
  return storage.getItem(DISPLAY_NAME_KEY) ?? '';
}

export function rememberDisplayName(storage: StorageLike, name: string): void {
  storage.setItem(DISPLAY_NAME_KEY, name);
}
