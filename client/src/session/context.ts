import { createContext } from 'svelte';
import type { AllianceSnapshot, Partner } from '@trellis/shared';
import type { AllianceSession } from './allianceSession.svelte.ts';
import { actingPartner, whyNotActing, type Actor, type Standing } from './actor.ts';
import { changeRoute, permission, type Action, type Permission } from './permissions.ts';
import { clock } from './clock.svelte.ts';
import { UndoOffer } from './undoOffer.svelte.ts';

/** The open alliance as a section sees it: rendered only once its local copy is loaded. */
export interface OpenAlliance {
  readonly session: AllianceSession;
  readonly snapshot: AllianceSnapshot;
  /** True when this copy may not be changed (view link, refused link, newer schema). */
  readonly readOnly: boolean;
  /** Who this device acts as: its link's role, partner and label (the relay's word, kept on the device). */
  readonly actor: Actor;
  readonly standing: Standing;
  /**
   * The partner whose votes, check-ins, interests, commitments and exit this device may record, or null.
   * Every "as a partner" control reads this one place; the per-action authority rules plug in here.
   */
  readonly actingAs: Partner | null;
  /** Why the "as a partner" controls are read-only (facilitator, observer, not confirmed), or null. */
  readonly notActingReason: string | null;
  /**
   * Whether this link may take the action now: shared's `can` on this copy and the session clock, the same table the
   * relay enforces (AUTH-1 .. AUTH-13). Every control asks it; a refused one is hidden or disabled with `whyNot`.
   */
  may(action: Action): boolean;
  /** The sentence to show beside a refused control, or null when the action is allowed. */
  whyNot(action: Action): string | null;
  /** How a constitution change is made from this device: directly (an owner alone), as a proposal, or not at all. */
  readonly route: 'direct' | 'proposal' | 'none';
  /** The reversal of the last destructive action, while the method allows it; the workspace shows it as a toast. */
  readonly undo: UndoOffer;
}

/** The workspace provides the open alliance to every section below it, typed, instead of passing it down as props. */
export const [useAlliance, provideAlliance] = createContext<OpenAlliance>();

/** What the workspace provides: getters, so that every read is the session's current state. */
export function openAlliance(session: AllianceSession): OpenAlliance {
  const ask = (action: Action): Permission => permission(session, action, clock.now);
  const undo = new UndoOffer();
  return {
    undo,
    session,
    get snapshot(): AllianceSnapshot {
      if (!session.snapshot) throw new Error('A section rendered before the alliance was loaded');
      return session.snapshot;
    },
    get readOnly(): boolean {
      return session.readOnlyReason !== null;
    },
    get actor(): Actor {
      return session.actor;
    },
    get standing(): Standing {
      return session.standing;
    },
    get actingAs(): Partner | null {
      return session.readOnlyReason === null ? actingPartner(session.standing) : null;
    },
    get notActingReason(): string | null {
      return whyNotActing(session.standing);
    },
    may(action: Action): boolean {
      return ask(action).allowed;
    },
    whyNot(action: Action): string | null {
      const answer = ask(action);
      return answer.allowed ? null : answer.reason;
    },
    get route() {
      return changeRoute(session);
    },
  };
}
