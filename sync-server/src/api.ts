import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  API_ERRORS,
  CREATOR_LINK_LABEL,
  LINKS_PAGE_DEFAULT,
  LINKS_PAGE_MAX,
  MAX_LABEL_LENGTH,
  MAX_NAME_LENGTH,
  ROUTES,
  formatAllianceLink,
  isAllianceId,
  isPartnerId,
  isRole,
  isSecret,
  isStrongSecret,
  newAllianceId,
  newRecordId,
  newSecret,
  type CreateAllianceResponse,
  type CreateLinkResponse,
  type LinkIdentity,
  type LinkSummary,
} from '@trellis/shared';
import { ApiError, authoriseLink, optionalField, rateLimited, readJsonObject, sendError, sendJson } from './apiCommon.ts';
import { listActivity } from './activityApi.ts';
import type { AuthFailures } from './authFailures.ts';
import type { ClientAddresses } from './clientAddress.ts';
import type { CreationLimit } from './creationLimit.ts';
import type { RelayLimits } from './limits.ts';
import { errorMessage, type Logger } from './log.ts';
import { hashSecret, sameHash } from './secrets.ts';
import type { AllianceStore, LinkRecord } from './store/allianceStore.ts';

export interface ApiContext {
  store: AllianceStore;
  publicUrl: string;
  limits: Pick<RelayLimits, 'maxJsonBodyBytes' | 'bodyTimeoutMs' | 'maxLiveLinksPerAlliance'>;
  /** Whose request it is, for the per-address limits (the forwarded address behind TRUST_PROXY). */
  addresses: ClientAddresses;
  authFailures: AuthFailures;
  allianceCreation: CreationLimit;
  linkCreation: CreationLimit;
  log: Logger;
  /** Closes the live sockets of a revoked link, on this relay and every other relay of a cluster. */
  closeLink: (allianceId: string, linkId: string) => void;
  now?: () => number;
}

const SELF_PATH = /^\/api\/alliances\/([^/]+)\/me$/;
const LINKS_PATH = /^\/api\/alliances\/([^/]+)\/links(?:\/([^/]+))?$/;
const ACTIVITY_PATH = /^\/api\/alliances\/([^/]+)\/activity$/;

/** The JSON API under /api. Errors are always `{ "error": { "code", "message" } }`. */
export async function handleApi(context: ApiContext, request: IncomingMessage, response: ServerResponse, pathname: string) {
  try {
    await route(context, request, response, pathname);
  } catch (error) {
    if (error instanceof ApiError) {
      if (error.retryAfter !== undefined && !response.headersSent) response.setHeader('Retry-After', String(error.retryAfter));
      sendError(response, error.status, error.code, error.message);
      return;
    }
    context.log('error', 'api request failed', {
      method: request.method,
      path: pathname,
      error: errorMessage(error),
    });
    sendError(response, 500, API_ERRORS.internal, 'the relay could not complete the request');
  }
}

async function route(context: ApiContext, request: IncomingMessage, response: ServerResponse, pathname: string) {
  const method = request.method ?? 'GET';
  if (pathname === ROUTES.alliances) {
    if (method !== 'POST') throw new ApiError(405, API_ERRORS.methodNotAllowed, 'use POST');
    return createAlliance(context, request, response);
  }
  const self = SELF_PATH.exec(pathname);
  if (self) {
    if (method !== 'GET') throw new ApiError(405, API_ERRORS.methodNotAllowed, 'use GET');
    if (!isAllianceId(self[1])) throw new ApiError(404, API_ERRORS.notFound, 'not an alliance id');
    return describeLink(context, request, response, self[1]!);
  }
  const activity = ACTIVITY_PATH.exec(pathname);
  if (activity) {
    if (method !== 'GET') throw new ApiError(405, API_ERRORS.methodNotAllowed, 'use GET');
    if (!isAllianceId(activity[1])) throw new ApiError(404, API_ERRORS.notFound, 'not an alliance id');
    return listActivity(context, request, response, activity[1]!);
  }
  const match = LINKS_PATH.exec(pathname);
  if (!match) throw new ApiError(404, API_ERRORS.notFound, 'no such route');
  const allianceId = match[1]!;
  const linkId = match[2];
  if (!isAllianceId(allianceId)) throw new ApiError(404, API_ERRORS.notFound, 'not an alliance id');
  if (linkId === undefined) {
    if (method === 'GET') return listLinks(context, request, response, allianceId, pathname);
    if (method === 'POST') return createLink(context, request, response, allianceId);
    throw new ApiError(405, API_ERRORS.methodNotAllowed, 'use GET or POST');
  }
  if (method !== 'DELETE') throw new ApiError(405, API_ERRORS.methodNotAllowed, 'use DELETE');
  return revokeLink(context, request, response, allianceId, linkId);
}

async function createAlliance(context: ApiContext, request: IncomingMessage, response: ServerResponse) {
  const address = context.addresses.of(request);
  if (!context.allianceCreation.take(address)) {
    throw rateLimited('too many alliances created from this network; try again later', context.allianceCreation.retryAfterSeconds(address));
  }
  const body = await readJsonObject(request, context.limits, true);
  const id = optionalField(body, 'id');
  const token = optionalField(body, 'token');
  const name = optionalField(body, 'name');
  const partnerId = optionalField(body, 'partnerId') ?? null;
  if (partnerId !== null && !isPartnerId(partnerId)) {
    throw new ApiError(400, API_ERRORS.badRequest, "partnerId must be the id of the creator's organization in the alliance");
  }
  if (id !== undefined && !isAllianceId(id)) {
    throw new ApiError(400, API_ERRORS.badRequest, 'id must be 16 random bytes in base64url (22 characters)');
  }
  if (token !== undefined && !isSecret(token)) {
    throw new ApiError(400, API_ERRORS.badRequest, 'token must be at least 128 random bits in base64url (22+ characters)');
  }
  if (token !== undefined && !isStrongSecret(token)) {
    throw new ApiError(400, API_ERRORS.badRequest, 'token is patterned, not random: make it from 16 or more random bytes');
  }
  if (name !== undefined && (typeof name !== 'string' || name.length > MAX_NAME_LENGTH)) {
    throw new ApiError(400, API_ERRORS.badRequest, `name must be a string of at most ${MAX_NAME_LENGTH} characters`);
  }
  const allianceId = id ?? newAllianceId();
  const secret = token ?? newSecret();
  const now = (context.now ?? Date.now)();
  const tokenHash = hashSecret(secret);
  const creatorLink: LinkRecord = {
    id: newRecordId(),
    allianceId,
    role: 'owner',
    label: CREATOR_LINK_LABEL,
    partnerId,
    tokenHash,
    createdAt: now,
    revokedAt: null,
  };
  const result: CreateAllianceResponse = {
    id: allianceId,
    token: secret,
    url: formatAllianceLink(context.publicUrl, allianceId, secret),
  };
  const outcome = await context.store.createAlliance(
    { id: allianceId, name: name ?? '', createdAt: now, creatorLinkId: creatorLink.id },
    creatorLink,
  );
  if (outcome === 'created') {
    context.log('info', 'alliance registered', { alliance: allianceId });
    return sendJson(response, 201, result);
  }
  if (outcome === 'secret_taken') {
    // Knowing another link's secret is what a guess would look like: it counts as a failed attempt.
    if (context.authFailures.fail(address)) {
      throw rateLimited('too many failed attempts; try again later', context.authFailures.retryAfterSeconds(address));
    }
    throw new ApiError(409, API_ERRORS.secretTaken, 'this secret already belongs to a link: make a new one');
  }
  // The same id and the same creator secret again: a retry after a lost response.
  const alliance = await context.store.getAlliance(allianceId);
  const existing = await context.store.findLinkByTokenHash(tokenHash);
  if (
    alliance &&
    existing &&
    existing.id === alliance.creatorLinkId &&
    existing.revokedAt === null &&
    sameHash(existing.tokenHash, tokenHash)
  ) {
    return sendJson(response, 200, result);
  }
  throw new ApiError(409, API_ERRORS.conflict, 'an alliance with this id exists');
}

/** What the caller's own link may do, so an app shows the right controls for any link (LINK-5). */
async function describeLink(context: ApiContext, request: IncomingMessage, response: ServerResponse, allianceId: string) {
  const link = await authoriseLink(context, request, allianceId);
  const body: LinkIdentity = { linkId: link.id, role: link.role, label: link.label, partnerId: link.partnerId };
  sendJson(response, 200, body);
}

/** One page of links, oldest first; a `Link: <…>; rel="next"` header names the next page (LINK-7). */
async function listLinks(
  context: ApiContext,
  request: IncomingMessage,
  response: ServerResponse,
  allianceId: string,
  pathname: string,
) {
  await authoriseOwner(context, request, allianceId);
  const query = new URLSearchParams((request.url ?? '').split('?')[1] ?? '');
  const limitText = query.get('limit');
  const limit = limitText === null ? LINKS_PAGE_DEFAULT : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > LINKS_PAGE_MAX) {
    throw new ApiError(400, API_ERRORS.badRequest, `limit must be a whole number from 1 to ${LINKS_PAGE_MAX}`);
  }
  const after = query.get('after') ?? undefined;
  if (after !== undefined && !isPartnerId(after)) throw new ApiError(400, API_ERRORS.badRequest, 'after must be a link id');
  // One more than the page: whether there is a next page, without counting.
  const links = await context.store.listLinks(allianceId, { after, limit: limit + 1 });
  const page = links.slice(0, limit);
  const summaries: LinkSummary[] = page.map((link) => ({
    id: link.id,
    role: link.role,
    label: link.label,
    partnerId: link.partnerId,
    createdAt: link.createdAt,
    revoked: link.revokedAt !== null,
  }));
  if (links.length > limit) {
    const next = new URLSearchParams({ limit: String(limit), after: page[page.length - 1]!.id });
    response.setHeader('Link', `<${pathname}?${next}>; rel="next"`);
  }
  sendJson(response, 200, summaries);
}

async function createLink(context: ApiContext, request: IncomingMessage, response: ServerResponse, allianceId: string) {
  await authoriseOwner(context, request, allianceId);
  const address = context.addresses.of(request);
  if (!context.linkCreation.take(address)) {
    throw rateLimited('too many links created from this network; try again later', context.linkCreation.retryAfterSeconds(address));
  }
  const body = await readJsonObject(request, context.limits, false);
  const role = optionalField(body, 'role');
  const label = optionalField(body, 'label') ?? '';
  if (!isRole(role)) throw new ApiError(400, API_ERRORS.badRequest, 'role must be owner, edit or view');
  if (typeof label !== 'string' || label.length > MAX_LABEL_LENGTH) {
    throw new ApiError(400, API_ERRORS.badRequest, `label must be a string of at most ${MAX_LABEL_LENGTH} characters`);
  }
  const partnerId = optionalField(body, 'partnerId') ?? null;
  if (partnerId !== null && !isPartnerId(partnerId)) {
    throw new ApiError(400, API_ERRORS.badRequest, 'partnerId must be the id of a partner in the alliance');
  }
  const secret = newSecret();
  const link: LinkRecord = {
    id: newRecordId(),
    allianceId,
    role,
    label,
    partnerId,
    tokenHash: hashSecret(secret),
    createdAt: (context.now ?? Date.now)(),
    revokedAt: null,
  };
  if ((await context.store.createLink(link, context.limits.maxLiveLinksPerAlliance)) === 'limit') {
    throw new ApiError(
      409,
      API_ERRORS.tooManyLinks,
      `an alliance has at most ${context.limits.maxLiveLinksPerAlliance} live links: revoke one first`,
    );
  }
  context.log('info', 'link created', { alliance: allianceId, link: link.id, role });
  const created: CreateLinkResponse = {
    id: link.id,
    role,
    label,
    partnerId,
    token: secret,
    url: formatAllianceLink(context.publicUrl, allianceId, secret),
  };
  sendJson(response, 201, created);
}

async function revokeLink(
  context: ApiContext,
  request: IncomingMessage,
  response: ServerResponse,
  allianceId: string,
  linkId: string,
) {
  await authoriseOwner(context, request, allianceId);
  const outcome = await context.store.revokeLink(allianceId, linkId, (context.now ?? Date.now)());
  if (outcome === 'not_found') throw new ApiError(404, API_ERRORS.notFound, 'no such link');
  if (outcome === 'last_owner') {
    throw new ApiError(409, API_ERRORS.lastOwner, 'the last live owner link cannot be revoked');
  }
  context.closeLink(allianceId, linkId);
  context.log('info', 'link revoked', { alliance: allianceId, link: linkId });
  response.writeHead(204).end();
}

/** `Authorization: Bearer <owner secret>` of this alliance, not revoked. */
async function authoriseOwner(context: ApiContext, request: IncomingMessage, allianceId: string): Promise<LinkRecord> {
  const link = await authoriseLink(context, request, allianceId);
  if (link.role !== 'owner') throw new ApiError(403, API_ERRORS.forbidden, 'only an owner link manages links');
  return link;
}

