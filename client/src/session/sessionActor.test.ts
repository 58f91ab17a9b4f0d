import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket as NodeWebSocket } from 'ws';
import { newSecret } from '@trellis/shared';
import { DeviceRegistry, MemoryStorage } from './deviceRegistry.ts';
import { Portfolio } from '../portfolio/portfolio.svelte.ts';
import { AllianceSession } from './allianceSession.svelte.ts';
import { RelayApi } from './relayApi.ts';

/**
 * The session asks the relay who its link acts for and keeps the answer; a creator's partnerless owner link is
 * exchanged for one of the creator's organization. The relay here is a small real HTTP server speaking the
 * relay's link API (the relay itself is exercised end to end in test/e2e).
 */
interface Call {
  method: string;
  path: string;
  auth: string;
  body: Record<string, unknown> | null;
}

let server: Server | null = null;
// Node 20 has no WebSocket of its own: the session's provider gets the `ws` package's (the port it dials is closed).
beforeAll(() => {
  (globalThis as { WebSocket?: unknown }).WebSocket ??= NodeWebSocket;
});
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(null));
  server = null;
});

async function relayWith(links: Map<string, { id: string; role: string; label: string; partnerId: string | null; revoked: boolean }>): Promise<{ url: string; calls: Call[] }> {
  const calls: Call[] = [];
  server = createServer((request: IncomingMessage, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      const auth = (request.headers.authorization ?? '').replace('Bearer ', '');
      const call: Call = { method: request.method!, path: request.url!, auth, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
      calls.push(call);
      const send = (status: number, body?: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(body === undefined ? '' : JSON.stringify(body));
      };
      if (call.method === 'POST' && call.path.endsWith('/alliances')) return send(201, { id: 'x', token: String(call.body!.token), url: '' });
      const mine = links.get(auth);
      if (!mine || mine.revoked) return send(401, { error: { code: 'unauthorized', message: 'no' } });
      if (call.method === 'GET' && call.path.endsWith('/me')) return send(200, { linkId: mine.id, role: mine.role, label: mine.label, partnerId: mine.partnerId });
      if (call.method === 'POST' && call.path.endsWith('/links')) {
        const token = newSecret();
        const made = { id: `link${links.size + 1}`, role: String(call.body!.role), label: String(call.body!.label), partnerId: (call.body!.partnerId as string | null) ?? null, revoked: false };
        links.set(token, made);
        return send(201, { ...made, token, url: '' });
      }
      if (call.method === 'DELETE') {
        for (const l of links.values()) if (call.path.endsWith(`/links/${l.id}`)) l.revoked = true;
        return send(204);
      }
      send(404, { error: { code: 'not_found', message: 'no' } });
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, calls };
}

const endpoint = (url: string) => ({ syncUrl: 'ws://127.0.0.1:9/sync', api: new RelayApi(url) });

describe('the session acts as its link’s partner (LINK-5)', () => {
  it('takes the link’s partner from the relay, and keeps it on the device for offline opens', async () => {
    const registry = new DeviceRegistry(new MemoryStorage());
    const created = await new Portfolio(registry).create({ name: 'River', purpose: '', mode: 'light', organization: 'TechCo', otherPartners: ['LogiCorp'], displayName: 'Ada' });
    const secret = newSecret();
    const joinedRegistry = new DeviceRegistry(new MemoryStorage());
    const joined = new Portfolio(joinedRegistry).keepLink({ allianceId: created, secret, role: 'edit' });
    expect(joined).toMatchObject({ partnerId: null, linkKnown: false });

    // Same IndexedDB in this process: the alliance is there, as it would be after a sync.
    const first = new AllianceSession(joined, joinedRegistry, null);
    await first.open();
    const logiCorp = first.snapshot!.partners.find((p) => p.name === 'LogiCorp')!;
    expect(first.standing.kind).toBe('unconfirmed');
    first.destroy();

    const { url } = await relayWith(new Map([[secret, { id: 'link9', role: 'edit', label: 'Bo', partnerId: logiCorp.id, revoked: false }]]));
    const online = new AllianceSession(joinedRegistry.get(created)!, joinedRegistry, endpoint(url));
    await online.open();
    await vi.waitFor(() => expect(online.actor).toEqual({ role: 'edit', partnerId: logiCorp.id, label: 'Bo', known: true }));
    expect(online.standing).toMatchObject({ kind: 'partner', partner: { name: 'LogiCorp' } });
    online.destroy();

    // Offline (no relay at all): the device still knows whom it acts for.
    const offline = new AllianceSession(joinedRegistry.get(created)!, joinedRegistry, null);
    await offline.open();
    expect(offline.standing).toMatchObject({ kind: 'partner', partner: { name: 'LogiCorp' } });
    offline.destroy();
  });

  it('binds the creator’s owner link to the creator’s organization: a new owner link for it, the partnerless one revoked', async () => {
    const registry = new DeviceRegistry(new MemoryStorage());
    const id = await new Portfolio(registry).create({ name: 'Harbour', purpose: '', mode: 'light', organization: 'TechCo', otherPartners: ['LogiCorp'], displayName: 'Ada' });
    const entry = registry.get(id)!;
    expect(entry.bindPartnerId).toBe(entry.partnerId);
    const creatorSecret = entry.secret!;
    const links = new Map([[creatorSecret, { id: 'link1', role: 'owner', label: 'creator', partnerId: null as string | null, revoked: false }]]);
    const { url, calls } = await relayWith(links);

    const session = new AllianceSession(entry, registry, endpoint(url));
    await session.open();
    const techCo = session.snapshot!.partners.find((p) => p.name === 'TechCo')!;
    expect(session.standing).toMatchObject({ kind: 'partner', partner: { id: techCo.id } });
    await vi.waitFor(() => expect(registry.get(id)!.bindPartnerId).toBeNull());
    await vi.waitFor(() => expect(links.get(creatorSecret)!.revoked).toBe(true));

    const after = registry.get(id)!;
    expect(after.secret).not.toBe(creatorSecret);
    expect(links.get(after.secret!)).toMatchObject({ role: 'owner', partnerId: techCo.id, revoked: false });
    expect(after).toMatchObject({ role: 'owner', partnerId: techCo.id, linkKnown: true });
    // The registration offered the partner too, for a relay that binds it at creation.
    expect(calls.find((c) => c.path.endsWith('/alliances'))?.body).toMatchObject({ partnerId: techCo.id });
    // Exactly one new owner link, however many times the session asked.
    expect(calls.filter((c) => c.method === 'POST' && c.path.endsWith('/links'))).toHaveLength(1);
    session.destroy();
  });
});
