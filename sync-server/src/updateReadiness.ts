import type { UpdateOutline } from './updateFormat.ts';

/**
 * Whether Yjs can integrate all of an update now, decided from its outline and the document's
 * state vector, before the document sees it. Yjs keeps whatever it cannot integrate (a struct whose
 * clock leaves a gap, or that needs another client's struct the document lacks; a deletion of clocks
 * it does not have) as "pending" inside the document, retried on every later update and re-encoded
 * into every snapshot: unbounded memory and work a link holder controls, and state that no client
 * has. The room therefore applies an update only when this says it is ready, and holds the others
 * (a few, briefly) until what they build on arrives.
 */

/** Not ready: it waits until the document holds clock `clock` of `client` (at least). */
export type Readiness = { ready: true } | { ready: false; waitsFor: number; clock: number };

/**
 * Simulates Yjs's integration: a client's structs go in clock order, each once its clock continues
 * the client's state and every other client's id it needs is present, repeating until nothing more
 * can go in. `stateOf(client)` is the document's next clock for that client.
 */
export function updateReadiness(outline: UpdateOutline, stateOf: (client: number) => number): Readiness {
  const known = new Map<number, number>();
  const clock = (client: number): number => {
    let value = known.get(client);
    if (value === undefined) {
      value = stateOf(client);
      known.set(client, value);
    }
    return value;
  };
  const next = outline.clients.map(() => 0);
  let blockedOn = -1;
  let blockedClock = 0;
  let progress = true;
  let remainingClients = outline.clients.length;
  while (progress && remainingClients > 0) {
    progress = false;
    remainingClients = 0;
    for (let c = 0; c < outline.clients.length; c++) {
      const { client, structs } = outline.clients[c]!;
      let i = next[c]!;
      for (; i < structs.length; i++) {
        const struct = structs[i]!;
        const state = clock(client);
        const end = struct.clock + struct.length;
        if (end <= state) continue; // already integrated
        if (struct.clock > state || struct.kind === 'skip') {
          // A gap before it, or a range the update does not carry: it waits for them to arrive.
          blockedOn = client;
          blockedClock = struct.kind === 'skip' ? end - 1 : struct.clock - 1;
          break;
        }
        let missing = -1;
        for (let n = 0; n < struct.needs.length; n += 2) {
          const needed = struct.needs[n]!;
          if (struct.needs[n + 1]! >= clock(needed)) {
            missing = needed;
            blockedClock = struct.needs[n + 1]!;
            break;
          }
        }
        if (missing !== -1) {
          blockedOn = missing;
          break;
        }
        known.set(client, end);
      }
      if (i !== next[c]) progress = true;
      next[c] = i;
      if (i < structs.length) remainingClients += 1;
    }
  }
  if (remainingClients > 0) return { ready: false, waitsFor: blockedOn, clock: blockedClock };
  for (const range of outline.deletes) {
    const last = range.clock + range.length - 1;
    if (last >= clock(range.client)) return { ready: false, waitsFor: range.client, clock: last };
  }
  return { ready: true };
}
