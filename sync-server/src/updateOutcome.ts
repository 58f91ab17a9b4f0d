import type { AuthorityRefusal } from '@trellis/shared';
import type { PresenceReceipt } from './presenceBoard.ts';

/**
 * What became of a writer's update: applied (or nothing new), held until what it builds on arrives,
 * or refused (malformed, outside what an alliance document holds, or too many held already). If
 * Yjs threw while integrating it (or a held update it released), `Room.failure` says whose it was.
 */
export type UpdateOutcome =
  | { kind: 'applied' }
  | { kind: 'held' }
  | { kind: 'malformed'; reason: string }
  | { kind: 'too-many-held' }
  | { kind: 'over-budget' }
  /** Outside the link's authority (AUTH-1 .. AUTH-13): not applied, stored or relayed. */
  | { kind: 'refused'; refusal: AuthorityRefusal };
export type PresenceOutcome = PresenceReceipt;

export const APPLIED: UpdateOutcome = { kind: 'applied' };
