import type { IncomingMessage, ServerResponse } from 'node:http';
import { ACTIVITY_PAGE_DEFAULT, ACTIVITY_PAGE_MAX, API_ERRORS, SECTIONS, isPartnerId, isSection, type ActivityPage, type ActivityQuery } from '@trellis/shared';
import type { ApiContext } from './api.ts';
import { ApiError, authoriseLink, sendJson } from './apiCommon.ts';

const MAX_SEQ = Number.MAX_SAFE_INTEGER;

/**
 * `GET /api/alliances/:id/activity?before=&limit=&partnerId=&section=` with any live link's secret: who changed
 * what, newest first, one page (ACT-1, ACT-3, ACT-4). Every parameter is checked here; a bad one is a 400 that
 * names it. `partnerId=` (empty) asks for facilitators' links.
 */
export async function listActivity(context: ApiContext, request: IncomingMessage, response: ServerResponse, allianceId: string) {
  await authoriseLink(context, request, allianceId);
  const params = new URLSearchParams((request.url ?? '').split('?')[1] ?? '');
  const query = readQuery(params);
  // One more than the page: whether another page follows, without counting.
  const limit = query.limit ?? ACTIVITY_PAGE_DEFAULT;
  const entries = await context.store.listActivity(allianceId, { ...query, limit: limit + 1 });
  const page = entries.slice(0, limit);
  const body: ActivityPage = { entries: page, next: entries.length > limit ? page[page.length - 1]!.seq : null };
  sendJson(response, 200, body);
}

function readQuery(params: URLSearchParams): ActivityQuery {
  for (const name of params.keys()) {
    if (!['before', 'limit', 'partnerId', 'section'].includes(name)) throw bad(`unknown parameter ${JSON.stringify(name)}: use before, limit, partnerId, section`);
    if (params.getAll(name).length > 1) throw bad(`${name} is given more than once`);
  }
  const query: ActivityQuery = {};
  const before = params.get('before');
  if (before !== null) {
    const value = Number(before);
    if (!/^[0-9]+$/.test(before) || !Number.isSafeInteger(value) || value < 1 || value > MAX_SEQ) throw bad('before must be a positive whole number (a seq from a previous page)');
    query.before = value;
  }
  const limit = params.get('limit');
  if (limit !== null) {
    const value = Number(limit);
    if (!/^[0-9]+$/.test(limit) || value < 1 || value > ACTIVITY_PAGE_MAX) throw bad(`limit must be a whole number from 1 to ${ACTIVITY_PAGE_MAX}`);
    query.limit = value;
  }
  const partnerId = params.get('partnerId');
  if (partnerId !== null) {
    if (partnerId !== '' && !isPartnerId(partnerId)) throw bad('partnerId must be a partner id, or empty for facilitators');
    query.partnerId = partnerId === '' ? null : partnerId;
  }
  const section = params.get('section');
  if (section !== null) {
    if (!isSection(section)) throw bad(`section must be one of ${SECTIONS.join(', ')}`);
    query.section = section;
  }
  return query;
}

const bad = (message: string) => new ApiError(400, API_ERRORS.badRequest, message);
