import { statSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import {
  API_ERRORS,
  CLOSE_CODES,
  newAllianceId,
  newSecret,
  type ApiErrorBody,
  type CreateLinkResponse,
  type LinkSummary,
} from '@trellis/shared';
import { RELAY_DEFAULT_LIMITS } from '../../sync-server/src/limits.ts';
import { SQLITE_FILE_NAME } from '../../sync-server/src/store/sqliteStore.ts';
import { closed, docReaches, synced, useRelay, withTimeout, type RelayHarness } from './relayHarness.ts';

/**
 * Who may do what how often, and how long the relay waits for a slow peer (GUESS, CREATE, SECRET,
 * LINK-6/7, WAL, TIMEOUT in PROTOCOL.md). Linux routes all of 127/8 to the loopback interface, so a
 * client can speak from 127.a.b.c: each test below speaks from a /24 of its own, which is its own
 * window for the per-network limits.
 */
const PROXY = '127.0.9.1';
const relay = useRelay({ trustProxy: PROXY });

const LIMITS = RELAY_DEFAULT_LIMITS;

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** An HTTP request from a chosen local address (fetch cannot choose one). */
function apiFrom(
  harness: RelayHarness,
  from: string,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  const url = new URL(harness.relay.url + path);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: url.hostname, port: url.port, path, method: init.method ?? 'GET', headers: init.headers, localAddress: from },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString() }));
      },
    );
    request.on('error', reject);
    request.end(init.body);
  });
}

const errorCode = (answer: Answer) => (JSON.parse(answer.body) as ApiErrorBody).error.code;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** A raw socket to /sync/<id> from a chosen local address; resolves with its close code. */
async function closeCodeFrom(
  harness: RelayHarness,
  from: string,
  allianceId: string,
  token: string,
  headers: Record<string, string> = {},
): Promise<number> {
  const socket = new WebSocket(`${harness.syncUrl}/${allianceId}?token=${token}`, { localAddress: from, headers });
  socket.on('error', () => {});
  return (await closed(socket)).code;
}

/** The stock client, speaking from a chosen local address. */
function providerFrom(harness: RelayHarness, from: string, allianceId: string, token: string, doc = new Y.Doc()) {
  class FromAddress extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { localAddress: from });
    }
  }
  return new WebsocketProvider(harness.syncUrl, allianceId, doc, {
    params: { token },
    disableBc: true,
    WebSocketPolyfill: FromAddress as unknown as typeof globalThis.WebSocket,
  });
}

/** An alliance served throughout, to show the abuse below never reaches it. */
async function bystander(harness: RelayHarness) {
  const alliance = await harness.createAlliance();
  const first = harness.provider(alliance.id, alliance.token);
  await synced(first);
  return {
    async stillServed(text: string) {
      first.doc.getMap('meta').set('purpose', text);
      const second = harness.provider(alliance.id, alliance.token);
      await synced(second);
      await docReaches(second.doc, () => second.doc.getMap('meta').get('purpose') === text, 'the bystander edit');
    },
  };
}

describe('failed secrets (GUESS)', () => {
  it('GUESS-1 after the limit an unknown secret gets 1013 / 429 (retryable) and a valid one still connects, from the same address', async () => {
    const watch = await bystander(relay);
    const alliance = await relay.createAlliance();
    const from = '127.0.1.1';
    for (let i = 1; i <= LIMITS.authFailuresPerMinute; i++) {
      expect(await closeCodeFrom(relay, from, alliance.id, newSecret()), `failure ${i}`).toBe(CLOSE_CODES.unauthorized);
    }
    expect(await closeCodeFrom(relay, from, alliance.id, newSecret())).toBe(CLOSE_CODES.tryAgainLater);

    // The valid link, through the stock client, from the very same address.
    const valid = providerFrom(relay, from, alliance.id, alliance.token);
    try {
      await synced(valid);
    } finally {
      valid.destroy();
    }
    // The API likewise: an unknown secret 429 with Retry-After, the owner's 200.
    const path = `/api/alliances/${alliance.id}/links`;
    const refused = await apiFrom(relay, from, path, { headers: bearer(newSecret()) });
    expect(refused.status).toBe(429);
    expect(errorCode(refused)).toBe(API_ERRORS.rateLimited);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await apiFrom(relay, from, path, { headers: bearer(alliance.token) })).status).toBe(200);

    // The stock client takes 1013 as "try again": it reconnects instead of giving up.
    const wrong = providerFrom(relay, from, alliance.id, newSecret());
    const codes: number[] = [];
    wrong.on('connection-close', (event) => {
      if (event) codes.push(event.code);
    });
    try {
      await withTimeout(
        new Promise<void>((resolve) => wrong.on('connection-close', () => codes.length >= 2 && resolve())),
        5_000,
        'a second attempt',
      );
    } finally {
      wrong.destroy();
    }
    expect(codes.slice(0, 2)).toEqual([CLOSE_CODES.tryAgainLater, CLOSE_CODES.tryAgainLater]);
    await watch.stillServed('after GUESS-1');
  });

  it('GUESS-3 failures count per /24: 59 source addresses of one network share one limit', async () => {
    const alliance = await relay.createAlliance();
    const codes: number[] = [];
    for (let host = 2; host <= 60; host++) codes.push(await closeCodeFrom(relay, `127.0.2.${host}`, alliance.id, newSecret()));
    const limit = LIMITS.authFailuresPerMinute;
    expect(codes.slice(0, limit)).toEqual(Array(limit).fill(CLOSE_CODES.unauthorized));
    expect(codes.slice(limit)).toEqual(Array(59 - limit).fill(CLOSE_CODES.tryAgainLater));
    // Another network is a window of its own.
    expect(await closeCodeFrom(relay, '127.0.3.1', alliance.id, newSecret())).toBe(CLOSE_CODES.unauthorized);
  });

  it('GUESS-4 X-Forwarded-For names the client only when the peer is the TRUST_PROXY', async () => {
    const alliance = await relay.createAlliance();
    const limit = LIMITS.authFailuresPerMinute;
    // Through the trusted proxy: the rightmost address it appended counts, not what the client wrote.
    for (let i = 0; i < limit; i++) {
      const spoof = `10.${i}.0.1, 198.51.100.7`;
      expect(await closeCodeFrom(relay, PROXY, alliance.id, newSecret(), { 'X-Forwarded-For': spoof })).toBe(CLOSE_CODES.unauthorized);
    }
    expect(await closeCodeFrom(relay, PROXY, alliance.id, newSecret(), { 'X-Forwarded-For': '198.51.100.8' })).toBe(
      CLOSE_CODES.tryAgainLater,
    );
    // Another client behind the same proxy is not held back by the first one's failures.
    expect(await closeCodeFrom(relay, PROXY, alliance.id, newSecret(), { 'X-Forwarded-For': '198.51.101.7' })).toBe(
      CLOSE_CODES.unauthorized,
    );
    // From any other peer the header is the client's own claim: a new one each time changes nothing.
    const untrusted = '127.0.4.1';
    for (let i = 0; i < limit; i++) {
      const header = { 'X-Forwarded-For': `203.0.${i}.1` };
      expect(await closeCodeFrom(relay, untrusted, alliance.id, newSecret(), header)).toBe(CLOSE_CODES.unauthorized);
    }
    expect(await closeCodeFrom(relay, untrusted, alliance.id, newSecret(), { 'X-Forwarded-For': '203.0.99.1' })).toBe(
      CLOSE_CODES.tryAgainLater,
    );
  });
});

describe('secrets a client sends (SECRET)', () => {
  it('SECRET-2 a patterned owner secret is refused with 400; a random one of the same length is taken', async () => {
    const from = '127.0.10.1';
    for (const token of ['a'.repeat(22), 'ab'.repeat(11), 'abcd'.repeat(6).slice(0, 22)]) {
      const answer = await apiFrom(relay, from, '/api/alliances', { method: 'POST', body: JSON.stringify({ token }) });
      expect(answer.status, token).toBe(400);
      expect(errorCode(answer)).toBe(API_ERRORS.badRequest);
    }
    const random = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64url');
    const made = await apiFrom(relay, from, '/api/alliances', { method: 'POST', body: JSON.stringify({ token: random }) });
    expect(made.status).toBe(201);
  });

  it('SECRET-3 a new alliance with a secret that belongs to another link: 409 secret_taken, counted as a failed attempt', async () => {
    const owned = await relay.createAlliance();
    const from = '127.0.5.1';
    for (let i = 0; i < LIMITS.authFailuresPerMinute; i++) {
      const answer = await apiFrom(relay, from, '/api/alliances', {
        method: 'POST',
        body: JSON.stringify({ id: newAllianceId(), token: owned.token }),
      });
      expect(answer.status).toBe(409);
      expect(errorCode(answer)).toBe(API_ERRORS.secretTaken);
    }
    // Those were the network's failures: the next unknown secret is over the limit.
    expect(await closeCodeFrom(relay, from, owned.id, newSecret())).toBe(CLOSE_CODES.tryAgainLater);
    // The secret's own alliance is untouched.
    const links = await relay.api(`/api/alliances/${owned.id}/links`, { headers: bearer(owned.token) });
    expect(((await links.json()) as LinkSummary[]).length).toBe(1);
  });
});

describe('creating (CREATE)', () => {
  it('CREATE-1 alliances per network: a burst, then 429 rate_limited with Retry-After; other networks unaffected', async () => {
    const watch = await bystander(relay);
    const create = (from: string) => apiFrom(relay, from, '/api/alliances', { method: 'POST', body: '{}' });
    for (let i = 0; i < LIMITS.allianceCreateBurst; i++) expect((await create(`127.0.6.${1 + (i % 5)}`)).status).toBe(201);
    const refused = await create('127.0.6.200');
    expect(refused.status).toBe(429);
    expect(errorCode(refused)).toBe(API_ERRORS.rateLimited);
    expect(refused.headers['retry-after']).toBe(String(Math.ceil(60 / LIMITS.alliancesPerMinute)));
    expect((await create('127.0.11.1')).status).toBe(201);
    await watch.stillServed('after CREATE-1');
  });

  it('CREATE-2 links per network: a burst, then 429 rate_limited with Retry-After', async () => {
    const alliance = await relay.createAlliance();
    const from = '127.0.7.1';
    const create = () =>
      apiFrom(relay, from, `/api/alliances/${alliance.id}/links`, {
        method: 'POST',
        headers: bearer(alliance.token),
        body: JSON.stringify({ role: 'view', label: 'x' }),
      });
    for (let i = 0; i < LIMITS.linkCreateBurst; i++) expect((await create()).status).toBe(201);
    const refused = await create();
    expect(refused.status).toBe(429);
    expect(errorCode(refused)).toBe(API_ERRORS.rateLimited);
    expect(refused.headers['retry-after']).toBe(String(Math.ceil(60 / LIMITS.linksPerMinute)));
  });
});

describe('a peer that does not answer the close frame (TIMEOUT-3)', () => {
  it('TIMEOUT-3 a revoked socket that never answers the close frame is cut within a few seconds', async () => {
    const alliance = await relay.createAlliance();
    const edit = await relay.createLink(alliance.id, alliance.token, 'edit');
    const { port } = new URL(relay.relay.url);
    const socket = connect({ host: '127.0.0.1', port: Number(port), localAddress: '127.0.8.1' });
    socket.on('error', () => {});
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.write(
      `GET /sync/${alliance.id}?token=${edit.token} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    // Upgraded, authorised and served: the relay's first frame (sync step 1) has arrived.
    await withTimeout(
      (async () => {
        while (!/^HTTP\/1.1 101[\s\S]*\r\n\r\n[\s\S]+/.test(Buffer.concat(received).toString('latin1'))) {
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      })(),
      5_000,
      'the upgrade',
    );
    const gone = new Promise<number>((resolve) => socket.once('close', () => resolve(performance.now())));
    const revoked = await relay.api(`/api/alliances/${alliance.id}/links/${edit.id}`, { method: 'DELETE', headers: bearer(alliance.token) });
    expect(revoked.status).toBe(204);
    const at = performance.now();
    // The close frame (4403) arrives; this peer never answers it.
    const cutAt = await withTimeout(gone, LIMITS.closeTimeoutMs + 2_000, 'the relay to cut the socket');
    // The close frame: FIN + opcode 8, an unmasked length, then the code 4403.
    const frames = Buffer.concat(received);
    const code = frames.lastIndexOf(Buffer.from([CLOSE_CODES.revoked >> 8, CLOSE_CODES.revoked & 0xff]));
    expect(frames[code - 2]).toBe(0x88);
    expect(cutAt - at).toBeGreaterThanOrEqual(LIMITS.closeTimeoutMs - 100);
    socket.destroy();
  });
});

describe('slow requests (TIMEOUT-1, TIMEOUT-2)', () => {
  const slow = useRelay({ limits: { headersTimeoutMs: 1_000, requestTimeoutMs: 5_000, bodyTimeoutMs: 1_000 } });

  /** A raw TCP connection that sends `text` and then nothing; resolves with what came back and when it closed. */
  async function stall(harness: RelayHarness, text: string): Promise<{ answer: string; afterMs: number }> {
    const { port } = new URL(harness.relay.url);
    const socket: Socket = connect({ host: '127.0.0.1', port: Number(port) });
    socket.on('error', () => {});
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const start = performance.now();
    socket.write(text);
    await withTimeout(new Promise<void>((resolve) => socket.once('close', () => resolve())), 4_000, 'the relay to close a stalled request');
    return { answer: Buffer.concat(chunks).toString(), afterMs: performance.now() - start };
  }

  it('TIMEOUT-1 headers that stop arriving are cut within seconds', async () => {
    const { answer, afterMs } = await stall(slow, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    expect(answer).toMatch(/^HTTP\/1.1 408/);
    expect(afterMs).toBeGreaterThanOrEqual(900);
  });

  it('TIMEOUT-2 a body that stops arriving is answered 408 timeout and the connection closed', async () => {
    const { answer, afterMs } = await stall(
      slow,
      'POST /api/alliances HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"name": "sl',
    );
    expect(answer).toMatch(/^HTTP\/1.1 408/);
    expect(answer).toContain(`"code":"${API_ERRORS.timeout}"`);
    expect(afterMs).toBeGreaterThanOrEqual(900);
  });
});

describe('links per alliance and the WAL (LINK-6, LINK-7, WAL-1)', () => {
  const many = useRelay({ limits: { maxLiveLinksPerAlliance: 6, allianceCreateBurst: 10_000, linkCreateBurst: 10_000 } });

  it('LINK-6 an alliance has at most maxLiveLinksPerAlliance live links: 409 too_many_links, room again after a revoke', async () => {
    const alliance = await many.createAlliance();
    const made: CreateLinkResponse[] = [];
    for (let i = 0; i < 5; i++) made.push(await many.createLink(alliance.id, alliance.token, 'view', `v${i}`));
    const refused = await many.api(`/api/alliances/${alliance.id}/links`, {
      method: 'POST',
      headers: bearer(alliance.token),
      body: JSON.stringify({ role: 'view', label: 'one too many' }),
    });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as ApiErrorBody).error.code).toBe(API_ERRORS.tooManyLinks);
    await many.api(`/api/alliances/${alliance.id}/links/${made[0]!.id}`, { method: 'DELETE', headers: bearer(alliance.token) });
    await many.createLink(alliance.id, alliance.token, 'view', 'after a revoke');
  });

  it('LINK-7 links list in pages: ?limit= and a Link rel="next" header to follow, oldest first, each once', async () => {
    const alliance = await many.createAlliance();
    const labels = ['creator'];
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 5; i++) {
        const link = await many.createLink(alliance.id, alliance.token, 'edit', `r${round}-${i}`);
        labels.push(link.label);
        if (round === 0) await many.api(`/api/alliances/${alliance.id}/links/${link.id}`, { method: 'DELETE', headers: bearer(alliance.token) });
      }
    }
    const whole = await many.api(`/api/alliances/${alliance.id}/links`, { headers: bearer(alliance.token) });
    expect(whole.headers.get('link')).toBeNull();
    expect(((await whole.json()) as LinkSummary[]).map((l) => l.label)).toEqual(labels);

    const seen: string[] = [];
    let next: string | null = `/api/alliances/${alliance.id}/links?limit=4`;
    let pages = 0;
    while (next) {
      const page = await many.api(next, { headers: bearer(alliance.token) });
      expect(page.status).toBe(200);
      const body = (await page.json()) as LinkSummary[];
      expect(body.length).toBeLessThanOrEqual(4);
      seen.push(...body.map((l) => l.label));
      next = /^<([^>]+)>; rel="next"$/.exec(page.headers.get('link') ?? '')?.[1] ?? null;
      pages++;
    }
    expect(seen).toEqual(labels);
    expect(pages).toBe(3);
    for (const query of ['limit=0', 'limit=1001', 'limit=x', 'after=..%2F']) {
      const bad = await many.api(`/api/alliances/${alliance.id}/links?${query}`, { headers: bearer(alliance.token) });
      expect(bad.status, query).toBe(400);
    }
  });

  it('WAL-1 registering many alliances keeps the WAL file bounded', async () => {
    const wal = join(many.dataDir, `${SQLITE_FILE_NAME}-wal`);
    let largest = 0;
    for (let i = 0; i < 600; i++) {
      const made = await many.api('/api/alliances', { method: 'POST', body: '{}' });
      expect(made.status).toBe(201);
      await made.arrayBuffer();
      if (i % 20 === 19) largest = Math.max(largest, statSync(wal).size);
    }
    // Each registration grows the WAL by about 47 KB (12 pages): 600 unchecked would be about 28 MB.
    expect(largest).toBeGreaterThan(0);
    expect(largest).toBeLessThan(8 * 1024 * 1024);
  });
});
