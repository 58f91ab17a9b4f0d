/**
 * What this device may do in the open alliance, asked of shared's authority table (`can`, AUTH-1 .. AUTH-13) on the
 * copy it holds and the session clock: the very check the relay makes, so a control offered is a write admitted.
 */
import { can, constitutionRoute, type Action, type AllianceSnapshot } from '@trellis/shared';
import type { Actor, Standing } from './actor.ts';

export type { Action };

/** A control's answer: allowed, or the sentence to show beside it. */
export type Permission = { allowed: true } | { allowed: false; reason: string };

export interface PermissionInput {
  /** Why this copy may not change at all (view link, refused link, newer schema), or null. */
  readOnlyReason: string | null;
  actor: Pick<Actor, 'role' | 'partnerId'>;
  standing: Standing;
  snapshot: AllianceSnapshot | null;
}

const ALLOWED: Permission = { allowed: true };

/** Whether the link may take `action` at `now`; a read-only copy may do nothing, and says why. */
export function permission(input: PermissionInput, action: Action, now: number): Permission {
  if (input.readOnlyReason !== null) return { allowed: false, reason: input.readOnlyReason };
  if (input.snapshot === null) return { allowed: false, reason: 'The alliance is still loading.' };
  const verdict = can(input.actor, action, input.snapshot, now);
  if (verdict.allowed) return ALLOWED;
  // A link whose partner has not reached this device yet says so, rather than "only a partner can".
  if (input.standing.kind === 'unconfirmed' && input.actor.role !== 'view') return { allowed: false, reason: input.standing.reason };
  return { allowed: false, reason: verdict.reason };
}

/** How this device changes the rules, quorum, weights or another partner's exit: directly, by proposal, or not. */
export function changeRoute(input: PermissionInput): 'direct' | 'proposal' | 'none' {
  if (input.readOnlyReason !== null || input.snapshot === null) return 'none';
  return constitutionRoute(input.actor, input.snapshot);
}
