import { isAllianceId, SECTIONS, type Section } from '@trellis/shared';

// The sections are the method's vocabulary, declared once in shared/ (the activity log files changes under them too).
export { SECTIONS, SECTION_TITLES, type Section } from '@trellis/shared';

export type Route =
  | { screen: 'portfolio' }
  | { screen: 'alliance'; allianceId: string; section: Section }
  /** A link with a key, to be kept on this device before anything renders. */
  | { screen: 'join'; fragment: string; allianceId: string }
  | { screen: 'not-found'; fragment: string };

export function parseRoute(hash: string): Route {
  const fragment = hash.replace(/^#/, '');
  if (fragment === '' || fragment === '/') return { screen: 'portfolio' };
  const match = /^\/?a\/([^/?#]+)(?:\/([a-z]+))?\/?(\?.*)?$/.exec(fragment);
  if (!match || !isAllianceId(match[1])) return { screen: 'not-found', fragment };
  const allianceId = match[1];
  if (match[3] && /[?&]key=/.test(match[3])) return { screen: 'join', fragment, allianceId };
  const section = (match[2] ?? 'overview') as Section;
  if (!SECTIONS.includes(section)) return { screen: 'not-found', fragment };
  return { screen: 'alliance', allianceId, section };
}

export function allianceHref(allianceId: string, section: Section = 'overview'): string {
  return section === 'overview' ? `#/a/${allianceId}` : `#/a/${allianceId}/${section}`;
}

/** The current hash route, kept in step with the address bar. */
export class Router {
  route = $state<Route>({ screen: 'portfolio' });

  constructor(private readonly win: Window) {
    this.route = parseRoute(win.location.hash);
    win.addEventListener('hashchange', () => {
      this.route = parseRoute(win.location.hash);
    });
  }

  go(hash: string): void {
    if (this.win.location.hash === hash) this.route = parseRoute(hash);
    else this.win.location.hash = hash;
  }

  /** Swaps the address without a history entry: used to drop a secret from the visible URL. */
  replace(hash: string): void {
    this.win.history.replaceState(null, '', hash);
    this.route = parseRoute(hash);
  }
}
