import {
  MAX_ACTIVITY_PLACES,
  ROUTES,
  type ActivityEntry,
  type ActivityPage,
  type ActivityQuery,
  type CreateAllianceRequest,
  type CreateAllianceResponse,
  type CreateLinkRequest,
  type CreateLinkResponse,
  type LinkIdentity,
  type LinkSummary,
  type Role,
  isRole,
} from '@trellis/shared';

/** Why a relay call failed, in words the app can show. */
export class RelayError extends Error {
  override readonly name = 'RelayError';
  constructor(
    /** HTTP status, or 0 when the relay could not be reached. */
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  /**
   * The relay refused the request itself (400 malformed, 409 conflict, ...): sending it again gets the same
   * answer, so it is not retried. 408 and 429 ask to come back later; 5xx and 0 (unreachable) may pass.
   */
  get permanent(): boolean {
    return this.status >= 400 && this.status < 500 && this.status !== 408 && this.status !== 429;
  }
}

/** The relay's JSON API, on the origin that served the app. */
export class RelayApi {
  constructor(
    private readonly origin: string,
    private readonly fetcher: typeof fetch = (...args) => fetch(...args),
  ) {}

  /** Registers an alliance made on this device; repeating it with the same secret is safe. */
  async registerAlliance(request: CreateAllianceRequest): Promise<CreateAllianceResponse> {
    const body = await this.call('POST', ROUTES.alliances, null, request);
    const r = body as Partial<CreateAllianceResponse>;
    if (typeof r.id !== 'string' || typeof r.token !== 'string') throw malformed();
    return { id: r.id, token: r.token, url: typeof r.url === 'string' ? r.url : '' };
  }

  /** What the link behind `secret` may do: the relay's word, not the hint in the link. */
  async describeLink(allianceId: string, secret: string): Promise<LinkIdentity> {
    const body = (await this.call('GET', ROUTES.me(allianceId), secret)) as Partial<LinkIdentity>;
    if (typeof body.linkId !== 'string' || !isRole(body.role)) throw malformed();
    return {
      linkId: body.linkId,
      role: body.role,
      label: typeof body.label === 'string' ? body.label : '',
      partnerId: typeof body.partnerId === 'string' ? body.partnerId : null,
    };
  }

  /** Every link, oldest first, following the relay's pages (`Link: <…>; rel="next"`). */
  async listLinks(allianceId: string, ownerSecret: string): Promise<LinkSummary[]> {
    const links: LinkSummary[] = [];
    let path: string | null = ROUTES.links(allianceId);
    for (let pages = 0; path !== null; pages++) {
      // A relay that kept naming further pages would otherwise hold the app here for good.
      if (pages === MAX_LINK_PAGES) throw malformed();
      const { body, response } = await this.exchange('GET', path, ownerSecret);
      if (!Array.isArray(body)) throw malformed();
      for (const l of body.filter(isLinkSummary)) links.push({ ...l, partnerId: typeof l.partnerId === 'string' ? l.partnerId : null });
      path = nextPage(response.headers.get('link'), ROUTES.links(allianceId));
    }
    return links;
  }

  /** A link for one partner (its document id), so that the partner's exit can revoke it; or for nobody in particular. */
  async createLink(allianceId: string, ownerSecret: string, role: Role, label: string, partnerId: string | null = null): Promise<CreateLinkResponse> {
    const request: CreateLinkRequest = { role, label, partnerId };
    const body = (await this.call('POST', ROUTES.links(allianceId), ownerSecret, request)) as Partial<CreateLinkResponse>;
    if (typeof body.id !== 'string' || typeof body.token !== 'string' || !isRole(body.role)) throw malformed();
    return {
      id: body.id,
      role: body.role,
      label: body.label ?? label,
      partnerId: typeof body.partnerId === 'string' ? body.partnerId : null,
      token: body.token,
      url: body.url ?? '',
    };
  }

  /** Who changed what, newest first, one page (ACT-1 .. ACT-4); any live link's secret reads it. */
  async activity(allianceId: string, secret: string, query: ActivityQuery = {}): Promise<ActivityPage> {
    const params = new URLSearchParams();
    if (query.before !== undefined) params.set('before', String(query.before));
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    if (query.partnerId !== undefined) params.set('partnerId', query.partnerId ?? '');
    if (query.section !== undefined) params.set('section', query.section);
    const search = params.toString();
    const body = (await this.call('GET', ROUTES.activity(allianceId) + (search ? `?${search}` : ''), secret)) as Partial<ActivityPage> | null;
    if (!body || !Array.isArray(body.entries)) throw malformed();
    const next = typeof body.next === 'number' && Number.isFinite(body.next) ? body.next : null;
    return { entries: body.entries.filter(isActivityEntry), next };
  }

  async revokeLink(allianceId: string, ownerSecret: string, linkId: string): Promise<void> {
    await this.call('DELETE', ROUTES.link(allianceId, linkId), ownerSecret);
  }

  private async call(method: string, path: string, secret: string | null, json?: unknown): Promise<unknown> {
    return (await this.exchange(method, path, secret, json)).body;
  }

  private async exchange(
    method: string,
    path: string,
    secret: string | null,
    json?: unknown,
  ): Promise<{ body: unknown; response: Response }> {
    const headers: Record<string, string> = {};
    if (secret) headers.authorization = `Bearer ${secret}`;
    if (json !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await this.fetcher(this.origin + path, {
        method,
        headers,
        body: json === undefined ? null : JSON.stringify(json),
        cache: 'no-store',
      });
    } catch {
      throw new RelayError(0, 'unreachable', 'The relay cannot be reached. Check the connection and try again.');
    }
    const text = await response.text();
    let body: unknown = null;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = null;
      }
    }
    if (!response.ok) {
      const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
      throw new RelayError(
        response.status,
        typeof error?.code === 'string' ? error.code : 'http_' + response.status,
        typeof error?.message === 'string' ? error.message : `The relay answered ${response.status}.`,
      );
    }
    return { body, response };
  }
}

/** More pages than an alliance's links can fill (1,000 live links, and revoked ones, by 1,000 a page). */
const MAX_LINK_PAGES = 100;

/** The next page's path from a `Link: <path>; rel="next"` header, only if it is a page of the same list. */
function nextPage(header: string | null, listPath: string): string | null {
  const target = header ? /<([^>]+)>\s*;\s*rel="?next"?/.exec(header)?.[1] : undefined;
  return target !== undefined && target.startsWith(listPath + '?') ? target : null;
}

function malformed(): RelayError {
  return new RelayError(502, 'malformed', 'The relay sent an answer the app does not understand.');
}

function isLinkSummary(value: unknown): value is LinkSummary {
  const v = value as Partial<LinkSummary> | null;
  return (
    typeof v === 'object' && v !== null && typeof v.id === 'string' && isRole(v.role) &&
    typeof v.label === 'string' && typeof v.createdAt === 'number' && typeof v.revoked === 'boolean'
  );
}

/** An entry as the relay sends it: bounded, every field of its type; a place is an object with a kind. */
export function isActivityEntry(value: unknown): value is ActivityEntry {
  const v = value as Partial<ActivityEntry> | null;
  return (
    typeof v === 'object' && v !== null && Number.isSafeInteger(v.seq) && Number.isFinite(v.at) &&
    typeof v.linkId === 'string' && typeof v.linkLabel === 'string' && v.linkLabel.length <= 200 &&
    (v.partnerId === null || typeof v.partnerId === 'string') && typeof v.placeCount === 'number' &&
    Array.isArray(v.places) && v.places.length <= MAX_ACTIVITY_PLACES &&
    v.places.every((p) => typeof p === 'object' && p !== null && typeof (p as { kind?: unknown }).kind === 'string')
  );
}
