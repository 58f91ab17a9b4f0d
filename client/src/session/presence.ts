import type { Awareness } from 'y-protocols/awareness';

/** One person present in the alliance right now, from awareness. */
export interface Peer {
  clientId: number;
  name: string;
  color: string;
  partnerId: string | null;
  self: boolean;
}

/** What this device tells the others about the person using it. */
export interface AwarenessUser {
  name: string;
  color: string;
  partnerId: string | null;
}

/** The colour of someone who speaks for no partner (or whose colour is malformed). */
export const NEUTRAL_COLOR = '#5b6770';

/** Publishes who is here, unless the others already have exactly that. */
export function publishUser(awareness: Awareness, user: AwarenessUser): void {
  const current = awareness.getLocalState()?.user as AwarenessUser | undefined;
  if (current && current.name === user.name && current.color === user.color && current.partnerId === user.partnerId) return;
  awareness.setLocalStateField('user', user);
}

/** Everyone present, read defensively (awareness comes from other peers): this device first, then by name. */
export function peersOf(awareness: Awareness): Peer[] {
  const peers: Peer[] = [];
  for (const [clientId, state] of awareness.getStates()) {
    const user = (state as { user?: Partial<AwarenessUser> }).user;
    if (!user || typeof user.name !== 'string') continue;
    peers.push({
      clientId,
      name: user.name.slice(0, 80),
      color: typeof user.color === 'string' && /^#[0-9a-f]{6}$/i.test(user.color) ? user.color : NEUTRAL_COLOR,
      partnerId: typeof user.partnerId === 'string' ? user.partnerId : null,
      self: clientId === awareness.clientID,
    });
  }
  return peers.sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name));
}

/**
 * Leaving the page (closing it, navigating away, a phone putting it away) takes this person off everyone's "Here now"
 * at once, rather than when their state times out (30 s); coming back from the back/forward cache shows them again.
 */
export function presentWhileShown(target: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>, awareness: Awareness, republish: () => void): () => void {
  if (typeof target.addEventListener !== 'function') return () => {};
  const hide = () => awareness.setLocalState(null);
  const show = (event: Event) => {
    if (!(event as PageTransitionEvent).persisted) return;
    if (awareness.getLocalState() === null) awareness.setLocalState({});
    republish();
  };
  target.addEventListener('pagehide', hide);
  target.addEventListener('pageshow', show);
  return () => {
    target.removeEventListener('pagehide', hide);
    target.removeEventListener('pageshow', show);
  };
}
