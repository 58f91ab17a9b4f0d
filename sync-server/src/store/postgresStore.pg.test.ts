import { registerStoreContract } from './storeContract.ts';
import { openPostgresStore } from './postgresStore.ts';
import { useTestDatabase } from '../testing/testDatabase.ts';

const database = useTestDatabase();

registerStoreContract('postgres', async () => {
  const store = await openPostgresStore(database.url);
  return {
    store,
    reopen: async () => {
      await store.close();
      return openPostgresStore(database.url);
    },
  };
});
