import { formatAllianceLink, isRole, parseAllianceLink, type AllianceLink, type Role } from '@trellis/shared';

/**
 * App links carry the link's role as a hint after the key (`&role=view`), so that a view link opens
 * read-only at once. The relay enforces the role either way: the hint only shapes the UI.
 */
export function shareLink(origin: string, allianceId: string, secret: string, role: Role): string {
  return `${formatAllianceLink(origin, allianceId, secret)}&role=${role}`;
}

export interface OpenedLink extends AllianceLink {
  role: Role | null;
}

export function readAppLink(input: string): { ok: true; link: OpenedLink } | { ok: false; message: string } {
  const parsed = parseAllianceLink(input);
  if (!parsed.ok) {
    const message =
      parsed.error === 'not-a-link'
        ? 'That is not a Trellis alliance link. It should look like …/#/a/<alliance>?key=<secret>.'
        : parsed.error === 'bad-alliance-id'
          ? 'The alliance id in that link is damaged. Ask for the link again.'
          : 'The key in that link is damaged. Ask for the link again.';
    return { ok: false, message };
  }
  const roleMatch = /[?&]role=([a-z]+)/.exec(input);
  const role = roleMatch && isRole(roleMatch[1]) ? roleMatch[1] : null;
  return { ok: true, link: { ...parsed.link, role } };
}
