/** Who may write what (AUTH-1 .. AUTH-13, AUTH-16, AUTH-17 in sync-server/PROTOCOL.md): places, the table, and what the app offers. */
export * from './places.ts';
export * from './rules.ts';
export * from './permissions.ts';
export * from './localWrites.ts';
