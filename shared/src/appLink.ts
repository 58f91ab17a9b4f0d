import { isAllianceId, isSecret } from './protocol.ts';

/**
 * Links into the app: `PUBLIC_URL/#/a/<allianceId>?key=<secret>`.
 * The secret rides in the fragment, so it never reaches an HTTP request line, a log or a Referer.
 */
export interface AllianceLink {
  allianceId: string;
  secret: string | null;
}

export function formatAllianceLink(publicUrl: string, allianceId: string, secret: string | null): string {
  const base = publicUrl.replace(/\/+$/, '');
  const fragment = `#/a/${allianceId}` + (secret ? `?key=${secret}` : '');
  return `${base}/${fragment}`;
}

export type LinkParseError = 'not-a-link' | 'bad-alliance-id' | 'bad-secret';

/** Reads a pasted link or a bare fragment; never throws. */
export function parseAllianceLink(input: string): { ok: true; link: AllianceLink } | { ok: false; error: LinkParseError } {
  const text = input.trim();
  const hashAt = text.indexOf('#');
  const fragment = hashAt >= 0 ? text.slice(hashAt + 1) : text;
  const match = /^\/?a\/([^?/#]+)(?:\?(.*))?$/.exec(fragment);
  if (!match) return { ok: false, error: 'not-a-link' };
  const allianceId = match[1]!;
  if (!isAllianceId(allianceId)) return { ok: false, error: 'bad-alliance-id' };
  let secret: string | null = null;
  for (const pair of (match[2] ?? '').split('&')) {
    const [key, value] = pair.split('=');
    if (key === 'key' && value !== undefined) secret = value;
  }
  if (secret !== null && !isSecret(secret)) return { ok: false, error: 'bad-secret' };
  return { ok: true, link: { allianceId, secret } };
}
