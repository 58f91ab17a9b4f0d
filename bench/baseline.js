// The baseline relay's entry, resolved from this package (its own node_modules), for
// test/bench/relayChild.ts.
export { setupWSConnection, docs } from '@y/websocket-server/utils';
