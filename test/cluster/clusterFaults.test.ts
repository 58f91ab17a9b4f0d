/**
 * Faults under load, each on a PostgreSQL and a Redis of the file's own: a relay killed with kill -9
 * twenty times, Redis restarted, PostgreSQL restarted. Writers keep writing through each fault; at
 * the end every client holds every entry that any client ever saw relayed (and every entry written),
 * and so does a fresh client that loads the alliance from the store.
 */
import { afterEach, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { ClusterClient, converged, createAlliance, keepWriting } from './clusterClients.ts';
import { usePrivateCluster, type ClusterRelay } from './clusterRelays.ts';

const cluster = usePrivateCluster('file');
const clients: ClusterClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `count` clients of a new alliance, client i on relay i mod the relays' count. */
async function spread(relays: ClusterRelay[], count: number, prefix: string) {
  const alliance = await createAlliance(relays[0]!.url);
  const made = Array.from({ length: count }, (_, i) => new ClusterClient(`${prefix}${i}`, relays[i % relays.length]!.wsUrl, alliance.id, alliance.token));
  clients.push(...made);
  await Promise.all(made.map((client) => client.synced()));
  return { alliance, made };
}

/** After convergence: a fresh client of `relay` loads exactly the converged entries from the store. */
async function storeHolds(relay: ClusterRelay, allianceId: string, token: string, entries: string[]): Promise<void> {
  const fresh = new ClusterClient('fresh', relay.wsUrl, allianceId, token);
  clients.push(fresh);
  await fresh.synced();
  expect(fresh.entries().sort()).toEqual(entries);
}

describe('faults under load', () => {
  let relays: ClusterRelay[];
  beforeAll(async () => {
    relays = await cluster.start(3);
  });
  const printLogsOnFailure = () => {
    for (const relay of relays) relay.output.splice(0);
    onTestFailed(() => {
      for (const relay of relays) console.log(`${relay.name}:\n${relay.output.filter((line) => !line.includes('"socket refused"')).slice(-40).join('\n')}`);
    });
  };

  it('CLUSTER-2 a relay killed with kill -9 twenty times loses nothing any client saw; its clients move to another relay and converge', { timeout: 180_000 }, async () => {
    printLogsOnFailure();
    const { alliance, made } = await spread(relays, 6, 'k');
    const on = made.map((_, i) => i % relays.length);
    const load = keepWriting(made, 100);
    // A killed relay restarts while the cycles go on (a start takes seconds on a busy machine); a relay
    // is killed, and one takes in its clients, only once it is up.
    const starting = new Map<number, Promise<void>>();
    for (let cycle = 0; cycle < 20; cycle++) {
      const victim = cycle % relays.length;
      const refuge = (victim + 1) % relays.length;
      await Promise.all([starting.get(victim), starting.get(refuge)]);
      await relays[victim]!.kill();
      made.forEach((client, i) => {
        if (on[i] !== victim) return;
        client.moveTo(relays[refuge]!.wsUrl);
        on[i] = refuge;
      });
      starting.set(victim, relays[victim]!.start());
      await pause(200);
    }
    await Promise.all(starting.values());
    load.stop();
    const entries = await converged(made);
    expect(entries.length).toBe(made.reduce((sum, client) => sum + client.written, 0));
    await storeHolds(relays[1]!, alliance.id, alliance.token, entries);
  });

  it('CLUSTER-3 Redis restarted under load: the relays fill the gap from PostgreSQL and nothing is lost', async () => {
    printLogsOnFailure();
    const { alliance, made } = await spread(relays, 6, 'r');
    const load = keepWriting(made, 20);
    await pause(300);
    await cluster.redis.stop();
    await pause(800);
    await cluster.redis.start();
    await pause(800);
    load.stop();
    const entries = await converged(made);
    expect(entries.length).toBe(made.reduce((sum, client) => sum + client.written, 0));
    await storeHolds(relays[2]!, alliance.id, alliance.token, entries);
  });

  it('CLUSTER-4 PostgreSQL restarted under load: nothing is relayed before it is stored, and nothing is lost', async () => {
    printLogsOnFailure();
    const { alliance, made } = await spread(relays, 6, 'p');
    const writers = made.slice(0, 2);
    const load = keepWriting(writers, 20);
    await pause(300);
    await cluster.pg.stop();
    // Written from here on, nothing can be stored until PostgreSQL is back.
    const storable = writers.map((writer) => writer.written);
    await pause(1_000);
    const early = made.flatMap((client) => client.entries().filter((entry) => !entry.startsWith(`${client.name}.`) && writtenWhileDown(entry, writers, storable)));
    expect(early).toEqual([]);
    await cluster.pg.start();
    await pause(500);
    load.stop();
    const entries = await converged(made, 40_000);
    expect(entries.length).toBe(writers.reduce((sum, client) => sum + client.written, 0));
    await storeHolds(relays[0]!, alliance.id, alliance.token, entries);
  });
});

/** Whether `entry` (`name.n`) was written by one of `writers` after it had written `storable` of its entries. */
function writtenWhileDown(entry: string, writers: readonly ClusterClient[], storable: readonly number[]): boolean {
  const dot = entry.lastIndexOf('.');
  const index = writers.findIndex((writer) => writer.name === entry.slice(0, dot));
  return index >= 0 && Number(entry.slice(dot + 1)) > storable[index]!;
}
