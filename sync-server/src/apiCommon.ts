import type { IncomingMessage, ServerResponse } from 'node:http';
import { API_ERRORS, type ApiErrorBody, type ApiErrorCode } from '@trellis/shared';
import type { ApiContext } from './api.ts';
import type { RelayLimits } from './limits.ts';
import { hashSecret, sameHash } from './secrets.ts';
import type { LinkRecord } from './store/allianceStore.ts';

/** What every API route shares: its errors, the caller's link, reading a body, answering JSON. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    /** Seconds, for a 429's Retry-After. */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

export function rateLimited(message: string, retryAfter: number): ApiError {
  return new ApiError(429, API_ERRORS.rateLimited, message, retryAfter);
}


/**
 * Any live link of the alliance. The secret is always looked up, so a valid one is served whatever
 * its network's failures; an unknown one counts a failure, and past the limit is answered 429
 * (retryable) rather than 401 (GUESS-1).
 */
export async function authoriseLink(context: ApiContext, request: IncomingMessage, allianceId: string): Promise<LinkRecord> {
  const header = request.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new ApiError(401, API_ERRORS.unauthorized, 'send Authorization: Bearer <secret>');
  const tokenHash = hashSecret(match[1]!);
  const link = await context.store.findLinkByTokenHash(tokenHash);
  if (!link || link.allianceId !== allianceId || !sameHash(link.tokenHash, tokenHash)) {
    const address = context.addresses.of(request);
    if (context.authFailures.fail(address)) {
      throw rateLimited('too many failed attempts; try again later', context.authFailures.retryAfterSeconds(address));
    }
    throw new ApiError(401, API_ERRORS.unauthorized, 'unknown secret');
  }
  if (link.revokedAt !== null) throw new ApiError(403, API_ERRORS.forbidden, 'this link was revoked');
  return link;
}

/** Own properties only: a `__proto__` key in the body is just an unknown field. */
export function optionalField(body: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(body, key) ? body[key] : undefined;
}

export async function readJsonObject(
  request: IncomingMessage,
  limits: Pick<RelayLimits, 'maxJsonBodyBytes' | 'bodyTimeoutMs'>,
  emptyIsObject: boolean,
): Promise<Record<string, unknown>> {
  const limit = limits.maxJsonBodyBytes;
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    request.resume();
    throw new ApiError(413, API_ERRORS.tooLarge, `bodies are limited to ${limit} bytes`);
  }
  const bytes = await readBody(request, limit, limits.bodyTimeoutMs);
  const text = bytes.toString('utf8');
  if (text.trim() === '' && emptyIsObject) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ApiError(400, API_ERRORS.badRequest, 'the body is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ApiError(400, API_ERRORS.badRequest, 'the body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

/**
 * Reads the body without destroying the request on overflow, so the 413 reaches the client; a body
 * that has not all arrived within `timeoutMs` is answered 408 (TIMEOUT-2).
 */
export function readBody(request: IncomingMessage, limit: number, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    const timer = setTimeout(() => {
      over = true;
      chunks.length = 0;
      reject(new ApiError(408, API_ERRORS.timeout, `the body must arrive within ${timeoutMs} ms`));
    }, timeoutMs);
    timer.unref();
    request.on('close', () => clearTimeout(timer));
    request.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        clearTimeout(timer);
        chunks.length = 0;
        reject(new ApiError(413, API_ERRORS.tooLarge, `bodies are limited to ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      clearTimeout(timer);
      if (!over) resolve(Buffer.concat(chunks));
    });
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  response.end(text);
}

export function sendError(response: ServerResponse, status: number, code: ApiErrorCode, message: string): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  // After a refused or late body the connection is not reused: the rest of that body is not read.
  if (status === 413 || status === 408) response.setHeader('Connection', 'close');
  const body: ApiErrorBody = { error: { code, message } };
  sendJson(response, status, body);
}
