/**
 * Stock y-websocket clients (disableBc: true) of relays of one cluster, and the load the fault tests
 * put on them: each writer appends numbered entries to the alliance's trust account. A client
 * remembers every entry it ever saw arrive from the relay, so a test can check that none of them is
 * missing from any final document (an entry a client saw was relayed, so the cluster promised it).
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import type { CreateAllianceResponse, CreateLinkResponse, Role } from '@trellis/shared';
import { withTimeout } from '../integration/relayHarness.ts';

export async function createAlliance(relayUrl: string): Promise<CreateAllianceResponse> {
  const response = await fetch(`${relayUrl}/api/alliances`, { method: 'POST', body: JSON.stringify({ name: 'Cluster' }) });
  if (response.status !== 201) throw new Error(`create alliance: ${response.status} ${await response.text()}`);
  return (await response.json()) as CreateAllianceResponse;
}

export async function createLink(relayUrl: string, alliance: CreateAllianceResponse, role: Role): Promise<CreateLinkResponse> {
  const response = await fetch(`${relayUrl}/api/alliances/${alliance.id}/links`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${alliance.token}` },
    body: JSON.stringify({ role, label: `${role} link` }),
  });
  if (response.status !== 201) throw new Error(`create link: ${response.status} ${await response.text()}`);
  return (await response.json()) as CreateLinkResponse;
}

const ENTRIES = 'trust';

export class ClusterClient {
  readonly doc = new Y.Doc();
  provider: WebsocketProvider;
  /** Every entry that arrived from the relay at any time. */
  readonly seen = new Set<string>();
  private count = 0;

  constructor(
    readonly name: string,
    relayWsUrl: string,
    private readonly allianceId: string,
    private readonly token: string,
  ) {
    this.doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin !== this.provider) return;
      for (const entry of this.entries()) this.seen.add(entry);
    });
    this.provider = this.connect(relayWsUrl);
  }

  /** To another relay: a new provider on the same document (what a client does when its relay is gone). */
  moveTo(relayWsUrl: string): void {
    this.provider.destroy();
    this.provider = this.connect(relayWsUrl);
  }

  /** How many entries this client wrote. */
  get written(): number {
    return this.count;
  }

  write(): void {
    this.count += 1;
    this.doc.getArray<string>(ENTRIES).push([`${this.name}.${this.count}`]);
  }

  entries(): string[] {
    return this.doc.getArray<string>(ENTRIES).toArray();
  }

  synced(ms = 10_000): Promise<void> {
    if (this.provider.synced) return Promise.resolve();
    const provider = this.provider;
    return withTimeout(new Promise<void>((resolve) => provider.once('sync', () => resolve())), ms, `${this.name} synced`);
  }

  destroy(): void {
    this.provider.destroy();
    this.doc.destroy();
  }

  private connect(relayWsUrl: string): WebsocketProvider {
    return new WebsocketProvider(`${relayWsUrl}/sync`, this.allianceId, this.doc, {
      params: { token: this.token },
      disableBc: true,
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    });
  }
}

/** Each writer writes one entry every `everyMs` until stopped. */
export function keepWriting(writers: readonly ClusterClient[], everyMs = 20): { stop(): void } {
  const timer = setInterval(() => {
    for (const writer of writers) writer.write();
  }, everyMs);
  return { stop: () => clearInterval(timer) };
}

/**
 * Waits until every client holds the same entries, then checks that nothing any client ever saw
 * relayed, nor anything any writer wrote, is missing from them.
 */
export async function converged(clients: readonly ClusterClient[], ms = 20_000): Promise<string[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const sets = clients.map((client) => new Set(client.entries()));
    const all = new Set(clients.flatMap((client) => [...client.entries(), ...client.seen]));
    if (sets.every((set) => set.size === all.size)) return [...all].sort();
    if (Date.now() > deadline) {
      const missing = clients.map((client, i) => `${client.name}: ${[...all].filter((e) => !sets[i]!.has(e)).length} missing`);
      throw new Error(`clients did not converge in ${ms} ms: ${missing.join(', ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
