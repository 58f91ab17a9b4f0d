import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openSqliteStore } from './sqliteStore.ts';
import { registerStoreContract } from './storeContract.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

registerStoreContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trellis-store-'));
  dirs.push(dir);
  const store = openSqliteStore(dir);
  return {
    store,
    reopen: async () => {
      await store.close();
      return openSqliteStore(dir);
    },
  };
});
