/**
 * An alliance held only on this device: written into a fresh profile's IndexedDB the way y-indexeddb keeps it after
 * compaction (one merged update), then opened on its charter, timed until the text is there and editable.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { newAllianceId, newSecret } from '@trellis/shared';
import type { AppUnderTest } from '../e2e/harness.ts';

export interface OpenedCharter {
  context: BrowserContext;
  page: Page;
  /** Milliseconds from navigation to the editor's own mark that the charter is editable. */
  editableAt: number;
}

export async function openFromIndexedDb(app: AppUnderTest, update: Uint8Array, marker: string, name: string, partnerId: string | null = null): Promise<OpenedCharter> {
  const id = newAllianceId();
  const context = await app.newContext();
  const page = await context.newPage();
  await page.goto(app.url + '/healthz');
  const entry = {
    id,
    secret: newSecret(),
    role: 'owner',
    name,
    displayName: 'Bench',
    partnerId,
    registered: false,
    pendingChanges: 0,
    lastSyncedAt: null,
    lastOpenedAt: Date.now(),
    lastChangeAt: null,
    refusedCode: null,
    archived: false,
  };
  await page.evaluate(`new Promise((resolve, reject) => {
    const bytes = Uint8Array.from(atob(${JSON.stringify(Buffer.from(update).toString('base64'))}), (c) => c.charCodeAt(0));
    localStorage.setItem('trellis.alliance.v1.${id}', ${JSON.stringify(JSON.stringify(entry))});
    const open = indexedDB.open('${id}');
    open.onupgradeneeded = () => {
      open.result.createObjectStore('updates', { autoIncrement: true });
      open.result.createObjectStore('custom');
    };
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(['updates'], 'readwrite');
      tx.objectStore('updates').add(bytes);
      tx.oncomplete = () => { db.close(); resolve(true); };
      tx.onerror = () => reject(tx.error);
    };
  })`);
  await page.goto(app.url + `/#/a/${id}/charter`);
  await page.waitForFunction(
    `(() => {
      const editor = document.querySelector('[role="textbox"][aria-label="Charter text"]');
      return !!editor && editor.getAttribute('contenteditable') === 'true' && editor.textContent.includes(${JSON.stringify(marker)});
    })()`,
    undefined,
    { timeout: 30_000 },
  );
  // The editor marks the moment it is created, which renders the whole charter synchronously;
  // polling from outside the page would add its own delay to the figure.
  const editableAt = (await page.evaluate(`performance.getEntriesByName('trellis:charter-editable')[0].startTime`)) as number;
  if (process.env.BENCH_PHASES) {
    const marks = await page.evaluate(
      `JSON.stringify(Object.fromEntries([...performance.getEntriesByType('mark'), ...performance.getEntriesByType('resource'), ...performance.getEntriesByType('navigation')].map((m) => [m.name.split('/').pop(), Math.round(m.startTime + (m.duration || 0))])))`,
    );
    process.stdout.write(`phases: ${String(marks)}\n`);
  }
  return { context, page, editableAt };
}
