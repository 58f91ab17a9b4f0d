import { describe, expect, it } from 'vitest';
import type { LinkSummary } from '@trellis/shared';
import { RelayApi } from './relayApi.ts';

function summary(n: number): LinkSummary {
  return { id: `link${n}`, role: 'view', label: `L${n}`, partnerId: null, createdAt: n, revoked: false };
}

describe('RelayApi', () => {
  it('LINK-7 lists every link by following the relay\'s pages', async () => {
    const asked: string[] = [];
    // Answers as the relay does: pages of two, the next one named in a Link header.
    const fetcher = (async (input: string | URL | Request) => {
      const url = new URL(String(input));
      asked.push(url.pathname + url.search);
      const after = url.searchParams.get('after');
      const start = after === null ? 0 : Number(after.slice(4)) + 1;
      const page = [0, 1, 2, 3, 4].slice(start, start + 2).map(summary);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (start + 2 < 5) headers.link = `</api/alliances/A/links?limit=2&after=link${start + 1}>; rel="next"`;
      return new Response(JSON.stringify(page), { status: 200, headers });
    }) as typeof fetch;
    const api = new RelayApi('https://relay.example', fetcher);
    const links = await api.listLinks('A', 'secret');
    expect(links.map((l) => l.id)).toEqual(['link0', 'link1', 'link2', 'link3', 'link4']);
    expect(asked).toEqual(['/api/alliances/A/links', '/api/alliances/A/links?limit=2&after=link1', '/api/alliances/A/links?limit=2&after=link3']);
  });

  it('LINK-7 a next page outside the list is not followed, and endless pages end in an error', async () => {
    const elsewhere = (async () =>
      new Response(JSON.stringify([summary(0)]), { status: 200, headers: { link: '<https://evil.example/x?y>; rel="next"' } })) as typeof fetch;
    expect(await new RelayApi('https://relay.example', elsewhere).listLinks('A', 's')).toHaveLength(1);
    const endless = (async () =>
      new Response(JSON.stringify([summary(0)]), { status: 200, headers: { link: '</api/alliances/A/links?after=link0>; rel="next"' } })) as typeof fetch;
    await expect(new RelayApi('https://relay.example', endless).listLinks('A', 's')).rejects.toMatchObject({ code: 'malformed' });
  });
});
