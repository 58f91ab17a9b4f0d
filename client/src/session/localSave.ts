import type { IndexeddbPersistence } from 'y-indexeddb';

/**
 * Resolves once every update y-indexeddb has queued so far is committed: a read-write transaction
 * on the same store runs only after the ones before it, so its completion is a barrier.
 */
export async function savedLocally(persistence: IndexeddbPersistence): Promise<void> {
  const db = persistence.db ?? (await persistence._db);
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction(['updates'], 'readwrite');
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}
