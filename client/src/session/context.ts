import { createContext } from 'svelte';
import type { AllianceSnapshot } from '@trellis/shared';
import type { AllianceSession } from './allianceSession.svelte.ts';

/** The open alliance as a section sees it: rendered only once its local copy is loaded. */
export interface OpenAlliance {
  readonly session: AllianceSession;
  readonly snapshot: AllianceSnapshot;
  /** True when this copy may not be changed (view link, refused link, newer schema). */
  readonly readOnly: boolean;
}

/** The workspace provides the open alliance to every section below it, typed, instead of passing it down as props. */
export const [useAlliance, provideAlliance] = createContext<OpenAlliance>();

/** What the workspace provides: getters, so that every read is the session's current state. */
export function openAlliance(session: AllianceSession): OpenAlliance {
  return {
    session,
    get snapshot(): AllianceSnapshot {
      if (!session.snapshot) throw new Error('A section rendered before the alliance was loaded');
      return session.snapshot;
    },
    get readOnly(): boolean {
      return session.readOnlyReason !== null;
    },
  };
}
