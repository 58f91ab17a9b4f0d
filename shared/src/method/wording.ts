/**
 * What a vote answers (GOV-13): the decision's wording — title, body, category and the change it carries — as a
 * digest. A vote records the wording its partner saw, and counts only while the decision still says that, so a
 * proposer's reword concurrent with a vote never turns that vote into approval of words its partner did not read.
 */
import { digest } from 'lib0/hash/sha256';
import { encodeUtf8 } from 'lib0/string';
import { toBase64Url } from '../ids.ts';
import type { Decision } from '../schema.ts';

export type Wording = Pick<Decision, 'title' | 'body' | 'category' | 'change'>;

/** A canonical form: the change's keys sorted, so equal changes read from different replicas digest the same. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/** 128 bits of SHA-256: a proposer cannot find another wording that reads as the one partners voted on. */
const digests = new WeakMap<Wording, string>();
export function wordingOf(decision: Wording): string {
  const known = digests.get(decision);
  if (known !== undefined) return known;
  const text = JSON.stringify(canonical([decision.title, decision.body, decision.category, decision.change]));
  const made = toBase64Url(digest(encodeUtf8(text)).subarray(0, 16));
  digests.set(decision, made);
  return made;
}

/** Whether a vote answers the decision as it reads now; a vote from before votes carried a wording (`on` null) does. */
export function answersWording(vote: { on?: string | null }, decision: Wording): boolean {
  return vote.on === undefined || vote.on === null || vote.on === wordingOf(decision);
}
