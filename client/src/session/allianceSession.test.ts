import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { DeviceRegistry, MemoryStorage } from './deviceRegistry.ts';
import { Portfolio } from '../portfolio/portfolio.svelte.ts';
import { AllianceSession } from './allianceSession.svelte.ts';
import { RelayApi } from './relayApi.ts';

describe('local-first alliance session', () => {
  it('creates an alliance offline and reopens it from IndexedDB with every change', async () => {
    const registry = new DeviceRegistry(new MemoryStorage());
    const portfolio = new Portfolio(registry);
    const id = await portfolio.create({
      name: 'River Logistics',
      purpose: 'Share depots',
      mode: 'light',
      organization: 'LogiCorp',
      otherPartners: ['TechCo', ''],
      displayName: 'Ada',
    });
    const entry = registry.get(id)!;
    expect(entry).toMatchObject({ role: 'owner', registered: false, displayName: 'Ada', name: 'River Logistics' });
    expect(entry.pendingChanges).toBeGreaterThan(0);

    // A view link made for LogiCorp shows as acting for nobody, as the header says (an observer), not as LogiCorp.
    const viewRegistry = new DeviceRegistry(new MemoryStorage());
    viewRegistry.put({ ...entry, role: 'view' });
    expect(entry.partnerId).not.toBeNull();
    const viewed = new AllianceSession(viewRegistry.get(id)!, viewRegistry, null);
    await viewed.open();
    expect(viewed.me.partnerId).toBeNull();
    viewed.destroy();

    const first = new AllianceSession(entry, registry, null);
    await first.open();
    expect(first.snapshot?.meta.name).toBe('River Logistics');
    expect(first.snapshot?.partners.map((p) => p.name)).toEqual(['LogiCorp', 'TechCo']);
    expect(first.connection.status).toBe('local');
    const logiCorp = first.snapshot!.partners[0]!;
    expect(first.me).toEqual({ name: 'Ada', color: logiCorp.color, partnerId: logiCorp.id });
    const before = first.connection.pending;
    first.alliance.addInterest({ partnerId: logiCorp.id, kind: 'red-line', layer: 'strategic', text: 'Keep the depots' });
    expect(first.connection.pending).toBe(before + 1);
    // The charter editor writes with an origin of its own (y-prosemirror's binding): still a change of this device.
    const editorOrigin = { editor: 'charter' };
    first.doc.transact(() => first.alliance.charter().insert(0, [new Y.XmlElement('paragraph')]), editorOrigin);
    expect(first.connection.pending).toBe(before + 2);
    expect(first.saved).toBe(false);
    await vi.waitFor(() => expect(first.saved).toBe(true));
    await vi.waitFor(() => expect(first.snapshot?.interests).toHaveLength(1));
    first.destroy();
    const second = new AllianceSession(registry.get(id)!, registry, null);
    await second.open();
    await vi.waitFor(() => expect(second.snapshot?.interests).toHaveLength(1));
    expect(second.snapshot?.interests[0]?.text).toBe('Keep the depots');
    expect(registry.get(id)!.pendingChanges).toBe(before + 2);
    second.destroy();

    await portfolio.refresh();
    expect(portfolio.items).toHaveLength(1);
    expect(portfolio.items[0]?.snapshot?.meta.name).toBe('River Logistics');
  });

  it('keeps a link on the device without a secret in the document, and waits for content', async () => {
    const registry = new DeviceRegistry(new MemoryStorage());
    const portfolio = new Portfolio(registry);
    const created = await portfolio.createExample();
    const secret = registry.get(created)!.secret!;
    const other = new DeviceRegistry(new MemoryStorage());
    const joined = new Portfolio(other).keepLink({ allianceId: created, secret, role: 'view' });
    expect(joined).toMatchObject({ role: 'view', registered: true, displayName: null });
    const session = new AllianceSession(joined, other, null);
    await session.open();
    // Same IndexedDB in this test process: the example is there; in a browser it would arrive by sync.
    expect(session.initialised).toBe(true);
    expect(session.readOnlyReason).toMatch(/view link/);
    expect(JSON.stringify(session.doc.toJSON())).not.toContain(secret);
    session.destroy();
  });
});

describe('registering an alliance made offline', () => {
  let server: Server | null = null;
  afterEach(async () => {
    vi.useRealTimers();
    await new Promise((resolve) => server?.close(resolve) ?? resolve(null));
    server = null;
  });

  /** A real HTTP server that answers every registration with `status`. */
  async function relayAnswering(status: number): Promise<string> {
    server = createServer((_request, response) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { code: status === 409 ? 'conflict' : 'unavailable', message: 'no' } }));
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const address = server.address() as { port: number };
    return `http://127.0.0.1:${address.port}`;
  }

  /** The requests the app sent, counted as it sends them. */
  let requests = 0;
  const counted: typeof fetch = (...args) => {
    requests += 1;
    return fetch(...args);
  };

  async function openUnregistered(url: string): Promise<AllianceSession> {
    requests = 0;
    const registry = new DeviceRegistry(new MemoryStorage());
    const id = await new Portfolio(registry).create({ name: 'Offline made', purpose: '', mode: 'light', organization: 'A', otherPartners: [], displayName: 'Ada' });
    const session = new AllianceSession(registry.get(id)!, registry, { syncUrl: 'ws://127.0.0.1:9/sync', api: new RelayApi(url, counted) });
    await session.open();
    return session;
  }

  it('stops asking once the relay refuses the registration itself (409), and keeps the copy read-only', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const session = await openUnregistered(await relayAnswering(409));
    await vi.waitFor(() => expect(session.connection.status).toBe('refused'));
    expect(session.connection.refusedCode).toBe(409);
    expect(session.readOnlyReason).toMatch(/another owner/);
    vi.advanceTimersByTime(60_000);
    expect(requests).toBe(1);
    session.destroy();
  });

  it('keeps trying while the relay is down (503)', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const session = await openUnregistered(await relayAnswering(503));
    await vi.waitFor(() => expect(session.connection.status).toBe('local'));
    await vi.waitFor(() => expect(requests).toBe(1));
    vi.advanceTimersByTime(10_000);
    expect(requests).toBe(2);
    expect(session.connection.status).toBe('local');
    session.destroy();
  });
});
