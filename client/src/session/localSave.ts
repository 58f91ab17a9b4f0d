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

/**
 * Whether every change so far is committed to IndexedDB ("Saved on this device"): after a change, waits on
 * barriers until no change arrived during the wait, so one barrier covers a burst of keystrokes.
 */
export class LocalSaveWatch {
  private changes = 0;
  private waiting: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly persistence: IndexeddbPersistence,
    private readonly onSaved: (saved: boolean) => void,
  ) {}

  changed(): void {
    this.changes += 1;
    this.onSaved(false);
    if (this.waiting) return;
    this.waiting = (async () => {
      let seen = -1;
      while (seen !== this.changes && !this.stopped) {
        seen = this.changes;
        try {
          await savedLocally(this.persistence);
        } catch {
          return;
        }
      }
      if (!this.stopped) this.onSaved(true);
    })().finally(() => (this.waiting = null));
  }

  stop(): void {
    this.stopped = true;
  }
}
