import { describe, expect, it } from 'vitest';
import { newAllianceId, newSecret } from '@trellis/shared';
import { allianceHref, parseRoute } from './router.svelte.ts';
import { readAppLink, shareLink } from './allianceLink.ts';

describe('hash routes', () => {
  const id = newAllianceId();
  it('reads the portfolio, sections and joins', () => {
    expect(parseRoute('')).toEqual({ screen: 'portfolio' });
    expect(parseRoute('#/')).toEqual({ screen: 'portfolio' });
    expect(parseRoute(`#/a/${id}`)).toEqual({ screen: 'alliance', allianceId: id, section: 'overview' });
    expect(parseRoute(`#${allianceHref(id, 'charter').slice(1)}`)).toEqual({ screen: 'alliance', allianceId: id, section: 'charter' });
    expect(parseRoute(`#/a/${id}?key=${newSecret()}`).screen).toBe('join');
    expect(parseRoute(`#/a/${id}/nonsense`).screen).toBe('not-found');
    expect(parseRoute('#/a/short').screen).toBe('not-found');
  });

  it('round-trips a share link with its role hint', () => {
    const secret = newSecret();
    const url = shareLink('http://127.0.0.1:8787', id, secret, 'view');
    const read = readAppLink(url);
    expect(read).toEqual({ ok: true, link: { allianceId: id, secret, role: 'view' } });
    expect(readAppLink('https://example.com/nothing').ok).toBe(false);
  });
});
