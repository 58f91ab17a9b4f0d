/** The authority tests' shared setting: two partners, TechCo and LogiCorp, their links, and the rules' question at one time. */
import { commitment, days, decision, interest, link, partner, T0, testAlliance } from '../method/testAlliance.ts';
import type { AllianceSnapshot } from '../schema.ts';
import { placeOf, type Place } from './places.ts';
import { mayWrite, type Actor, type AuthorityView, type Change } from './rules.ts';

export const now = T0 + days(1);
export const tech: Actor = { role: 'edit', partnerId: 'tech' };
export const logi: Actor = { role: 'edit', partnerId: 'logi' };
export const owner: Actor = { role: 'owner', partnerId: 'tech' };
export const facilitator: Actor = { role: 'edit', partnerId: null };
export const viewer: Actor = { role: 'view', partnerId: 'tech' };

export function alliance(over: Partial<AllianceSnapshot> = {}): AuthorityView {
  return testAlliance({
    partners: [partner('tech', { name: 'TechCo' }), partner('logi', { name: 'LogiCorp' })],
    interests: [interest('i-tech', 'tech'), interest('i-logi', 'logi')],
    alignment: [link('l1', 'i-tech', 'i-logi', 'supports')],
    commitments: [commitment('c-tech', 'tech')],
    decisions: [decision('d1', { title: 'Open the Lyon depot', proposerId: 'tech' })],
    ...over,
  });
}

export const at = (...path: (string | number)[]): Place => placeOf(path);
export const insert = (value?: unknown): Change => ({ op: 'insert', value });
export const update = (value?: unknown): Change => ({ op: 'update', value });
export const remove: Change = { op: 'delete' };

export function check(actor: Actor, place: Place, change: Change, view: AuthorityView = alliance()) {
  return mayWrite(actor, place, change, view, now);
}
