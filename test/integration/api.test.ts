import { describe, expect, it } from 'vitest';
import {
  API_ERRORS,
  formatAllianceLink,
  newAllianceId,
  newSecret,
  type ApiErrorBody,
  type LinkSummary,
} from '@trellis/shared';
import { closed, useRelay } from './relayHarness.ts';

// This file registers more alliances from 127.0.0.1 than one network's burst; the creation limits
// themselves are proven in access.test.ts (CREATE-1, CREATE-2).
const harness = useRelay({ publicUrl: 'https://trellis.example', limits: { allianceCreateBurst: 1_000 } });

async function errorOf(response: Response): Promise<ApiErrorBody['error']> {
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await response.json()) as ApiErrorBody;
  expect(Object.keys(body)).toEqual(['error']);
  return body.error;
}

function post(path: string, body: string, headers: Record<string, string> = {}) {
  return harness.api(path, { method: 'POST', body, headers });
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('alliances and links API', () => {
  it('API-1 creates an alliance with a fresh id and owner secret', async () => {
    const response = await post('/api/alliances', JSON.stringify({ name: 'Northwind × Contoso' }));
    expect(response.status).toBe(201);
    const body = (await response.json()) as { id: string; token: string; url: string };
    expect(body.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(body.token.length).toBeGreaterThanOrEqual(43);
    expect(body.url).toBe(formatAllianceLink('https://trellis.example', body.id, body.token));
  });

  it('API-2 registers a client-made id and secret; a retry answers 200 with the same body; another secret 409', async () => {
    const id = newAllianceId();
    const token = newSecret();
    const first = await post('/api/alliances', JSON.stringify({ id, token, name: 'Made offline' }));
    expect(first.status).toBe(201);
    const body = await first.json();
    expect(body).toEqual({ id, token, url: `https://trellis.example/#/a/${id}?key=${token}` });

    const retry = await post('/api/alliances', JSON.stringify({ id, token, name: 'Made offline' }));
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual(body);

    const other = await post('/api/alliances', JSON.stringify({ id, token: newSecret() }));
    expect(other.status).toBe(409);
    expect((await errorOf(other)).code).toBe(API_ERRORS.conflict);
    const noSecret = await post('/api/alliances', JSON.stringify({ id }));
    expect(noSecret.status).toBe(409);
  });

  it('API-3 refuses a secret under 128 bits, a bad id, bad JSON, a non-object, a wrong name type: 400', async () => {
    const cases = [
      JSON.stringify({ token: 'A'.repeat(21) }),
      JSON.stringify({ id: 'short' }),
      JSON.stringify({ name: 42 }),
      '{"id": ',
      '[1,2,3]',
      'null',
    ];
    for (const body of cases) {
      const response = await post('/api/alliances', body);
      expect(response.status, body).toBe(400);
      expect((await errorOf(response)).code).toBe(API_ERRORS.badRequest);
    }
  });

  it('API-4 ignores unknown fields and __proto__', async () => {
    const response = await post(
      '/api/alliances',
      '{"__proto__": {"id": "AAAAAAAAAAAAAAAAAAAAAA", "polluted": true}, "constructor": {"prototype": {"polluted": true}}, "extra": 1}',
    );
    expect(response.status).toBe(201);
    const body = (await response.json()) as { id: string };
    expect(body.id).not.toBe('AAAAAAAAAAAAAAAAAAAAAA');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('API-5 refuses a body over the size cap with 413', async () => {
    const response = await post('/api/alliances', JSON.stringify({ name: 'x'.repeat(64 * 1024) }));
    expect(response.status).toBe(413);
    expect((await errorOf(response)).code).toBe(API_ERRORS.tooLarge);
  });

  it('LINK-1 owners create, list and revoke links; secrets are shown once and never listed', async () => {
    const alliance = await harness.createAlliance();
    const edit = await harness.createLink(alliance.id, alliance.token, 'edit', 'Contoso team');
    expect(edit).toMatchObject({ role: 'edit', label: 'Contoso team' });
    expect(edit.url).toBe(formatAllianceLink('https://trellis.example', alliance.id, edit.token));
    const view = await harness.createLink(alliance.id, alliance.token, 'view', 'Board');

    const list = await harness.api(`/api/alliances/${alliance.id}/links`, { headers: bearer(alliance.token) });
    expect(list.status).toBe(200);
    const text = await list.text();
    for (const secret of [alliance.token, edit.token, view.token]) expect(text).not.toContain(secret);
    const links = JSON.parse(text) as LinkSummary[];
    expect(links.map((l) => [l.role, l.label, l.revoked])).toEqual([
      ['owner', 'creator', false],
      ['edit', 'Contoso team', false],
      ['view', 'Board', false],
    ]);
    for (const link of links) expect(Object.keys(link).sort()).toEqual(['createdAt', 'id', 'label', 'partnerId', 'revoked', 'role']);

    const revoke = await harness.api(`/api/alliances/${alliance.id}/links/${view.id}`, {
      method: 'DELETE',
      headers: bearer(alliance.token),
    });
    expect(revoke.status).toBe(204);
    const after = (await (
      await harness.api(`/api/alliances/${alliance.id}/links`, { headers: bearer(alliance.token) })
    ).json()) as LinkSummary[];
    expect(after.find((l) => l.id === view.id)?.revoked).toBe(true);
  });

  it('LINK-4 a link made for a partner carries its partner id, so an exit can find and revoke it', async () => {
    const alliance = await harness.createAlliance();
    const made = await harness.api(`/api/alliances/${alliance.id}/links`, {
      method: 'POST',
      headers: { ...bearer(alliance.token), 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'edit', label: 'LogiCorp', partnerId: 'pLogiCorp01' }),
    });
    expect(made.status).toBe(201);
    expect(await made.json()).toMatchObject({ role: 'edit', label: 'LogiCorp', partnerId: 'pLogiCorp01' });
    const links = (await (await harness.api(`/api/alliances/${alliance.id}/links`, { headers: bearer(alliance.token) })).json()) as LinkSummary[];
    expect(links.map((l) => l.partnerId)).toEqual([null, 'pLogiCorp01']);
    const bad = await harness.api(`/api/alliances/${alliance.id}/links`, {
      method: 'POST',
      headers: { ...bearer(alliance.token), 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'edit', label: 'x', partnerId: '../../etc' }),
    });
    expect(bad.status).toBe(400);
  });

  it('LINK-5 any live link learns its own role from the relay; unknown and revoked secrets are refused', async () => {
    const alliance = await harness.createAlliance();
    const view = await harness.createLink(alliance.id, alliance.token, 'view', 'Board');
    const me = (token: string) => harness.api(`/api/alliances/${alliance.id}/me`, { headers: bearer(token) });
    const owner = await me(alliance.token);
    expect(owner.status).toBe(200);
    expect(await owner.json()).toMatchObject({ role: 'owner', partnerId: null });
    const viewer = await me(view.token);
    expect(await viewer.json()).toEqual({ linkId: view.id, role: 'view', label: 'Board', partnerId: null });
    expect((await me('A'.repeat(43))).status).toBe(401);
    await harness.api(`/api/alliances/${alliance.id}/links/${view.id}`, { method: 'DELETE', headers: bearer(alliance.token) });
    const revoked = await me(view.token);
    expect(revoked.status).toBe(403);
    expect((await errorOf(revoked)).code).toBe(API_ERRORS.forbidden);
  });

  it('LINK-2 the last live owner link cannot be revoked (409); a second owner makes it possible', async () => {
    const alliance = await harness.createAlliance();
    const [creator] = (await (
      await harness.api(`/api/alliances/${alliance.id}/links`, { headers: bearer(alliance.token) })
    ).json()) as LinkSummary[];
    const revokeCreator = (token: string) =>
      harness.api(`/api/alliances/${alliance.id}/links/${creator!.id}`, { method: 'DELETE', headers: bearer(token) });
    const refused = await revokeCreator(alliance.token);
    expect(refused.status).toBe(409);
    expect((await errorOf(refused)).code).toBe(API_ERRORS.lastOwner);

    const second = await harness.createLink(alliance.id, alliance.token, 'owner', 'Second owner');
    expect((await revokeCreator(second.token)).status).toBe(204);
    // The revoked creator secret no longer manages links, nor re-registers the alliance.
    const denied = await harness.api(`/api/alliances/${alliance.id}/links`, { headers: bearer(alliance.token) });
    expect(denied.status).toBe(403);
    const reRegister = await post('/api/alliances', JSON.stringify({ id: alliance.id, token: alliance.token }));
    expect(reRegister.status).toBe(409);
  });

  it('LINK-3 only an owner secret of this alliance manages links: 401 without or with a wrong one, 403 for edit', async () => {
    const alliance = await harness.createAlliance();
    const other = await harness.createAlliance();
    const edit = await harness.createLink(alliance.id, alliance.token, 'edit');
    const path = `/api/alliances/${alliance.id}/links`;
    expect((await harness.api(path)).status).toBe(401);
    expect((await harness.api(path, { headers: bearer(other.token) })).status).toBe(401);
    const forbidden = await harness.api(path, { headers: bearer(edit.token) });
    expect(forbidden.status).toBe(403);
    expect((await errorOf(forbidden)).code).toBe(API_ERRORS.forbidden);
    const badRole = await post(path, JSON.stringify({ role: 'admin', label: 'x' }), bearer(alliance.token));
    expect(badRole.status).toBe(400);
    const unknown = await harness.api(`${path}/nope`, { method: 'DELETE', headers: bearer(alliance.token) });
    expect(unknown.status).toBe(404);
    expect((await errorOf(unknown)).code).toBe(API_ERRORS.notFound);
  });

  it('API-6 unknown API routes answer JSON 404; wrong methods 405', async () => {
    const unknown = await harness.api('/api/nothing');
    expect(unknown.status).toBe(404);
    expect((await errorOf(unknown)).code).toBe(API_ERRORS.notFound);
    const wrong = await harness.api('/api/alliances');
    expect(wrong.status).toBe(405);
    expect((await errorOf(wrong)).code).toBe(API_ERRORS.methodNotAllowed);
  });

  it('OPS-1 /healthz answers 200; /metrics is Prometheus text with the relay counters', async () => {
    expect((await harness.api('/healthz')).status).toBe(200);
    const metrics = await (await harness.api('/metrics')).text();
    for (const name of [
      'trellis_connections',
      'trellis_rooms',
      'trellis_messages_in_total',
      'trellis_messages_out_total',
      'trellis_bytes_in_total',
      'trellis_bytes_out_total',
      'trellis_store_seconds_bucket',
      'trellis_refusals_total',
    ]) {
      expect(metrics).toContain(name);
    }
  });

  it('OPS-2 no secret ever reaches the log', async () => {
    const alliance = await harness.createAlliance();
    const edit = await harness.createLink(alliance.id, alliance.token, 'edit');
    await harness.api(`/api/alliances/${alliance.id}/links`, { headers: bearer(alliance.token) });
    const socket = harness.socket(`/sync/${alliance.id}?token=${edit.token}x`);
    await closed(socket);
    const log = harness.logs.join('\n');
    expect(log).not.toContain(alliance.token);
    expect(log).not.toContain(edit.token);
    for (const line of harness.logs) expect(() => JSON.parse(line)).not.toThrow();
  });
});
