export { startRelay, type RelayOptions, type RunningRelay } from './relay.ts';
export { RELAY_DEFAULT_LIMITS, type RelayLimits } from './limits.ts';
export type {
  AllianceStore,
  AllianceRegistry,
  DocumentLog,
  LogSince,
  AllianceRecord,
  LinkRecord,
  StoredDocument,
  UpdateEntry,
  RevokeOutcome,
} from './store/allianceStore.ts';
export { openPostgresStore, type PostgresOptions } from './store/postgresStore.ts';
export { openSqliteStore, SQLITE_FILE_NAME } from './store/sqliteStore.ts';
export { createMemoryStore } from './store/memoryStore.ts';
export type { RelayMetrics } from './metrics.ts';
