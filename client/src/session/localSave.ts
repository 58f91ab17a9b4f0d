import type { IndexeddbPersistence } from 'y-indexeddb';

/**
 * Resolves once every update y-indexeddb has queued so far is committed: a read-write transaction
 * on the same store runs only after the ones before it, so its completion is a barrier. The
 * database is the one y-indexeddb exposes once it has loaded the local copy (`whenSynced`).
 */
export async function savedLocally(persistence: IndexeddbPersistence): Promise<void> {
  await persistence.whenSynced;
  const db = persistence.db;
  if (db === null) throw new Error('the local copy is closed');
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction(['updates'], 'readwrite');
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}
