import { createMemoryStore } from './memoryStore.ts';
import { registerStoreContract } from './storeContract.ts';

registerStoreContract('memory', async () => ({ store: createMemoryStore() }));
