/**
 * Each section's screen is its own chunk, fetched when the section is first opened (or earlier, on
 * hover or when the browser is idle). A screen already fetched renders at once, without a loading state.
 */
import type { Component } from 'svelte';
import type { Section } from './router.svelte.ts';

/** Typed by Section, so a section without a screen does not compile. */
const SCREENS: Record<Section, () => Promise<{ default: Component }>> = {
  overview: () => import('../sections/overview/Overview.svelte'),
  charter: () => import('../sections/charter/CharterSection.svelte'),
  interests: () => import('../sections/interests/InterestMap.svelte'),
  trust: () => import('../sections/trust/TrustAccount.svelte'),
  governance: () => import('../sections/governance/GovernanceSection.svelte'),
  decisions: () => import('../sections/decisions/DecisionsSection.svelte'),
  commitments: () => import('../sections/commitments/CommitmentsSection.svelte'),
  checkins: () => import('../sections/checkins/CheckInsSection.svelte'),
  realignment: () => import('../sections/realignment/RealignmentSection.svelte'),
  exit: () => import('../sections/exit/ExitPlanSection.svelte'),
  export: () => import('../sections/export/ExportSection.svelte'),
  sharing: () => import('../sections/sharing/Sharing.svelte'),
  activity: () => import('../sections/activity/ActivitySection.svelte'),
};

const loaded = new Map<Section, Component>();
const loading = new Map<Section, Promise<Component>>();

/** The screen, if it has been fetched already. */
export function loadedScreen(section: Section): Component | null {
  return loaded.get(section) ?? null;
}

export function loadScreen(section: Section): Promise<Component> {
  let pending = loading.get(section);
  if (!pending) {
    pending = SCREENS[section]().then(
      (module) => {
        loaded.set(section, module.default);
        return module.default;
      },
      (error: unknown) => {
        // Let a later try fetch again (the device may be back online).
        loading.delete(section);
        throw error;
      },
    );
    loading.set(section, pending);
  }
  return pending;
}

/** Starts fetching a screen without waiting for it; a failure shows when the section is opened. */
export function preloadScreen(section: Section): void {
  loadScreen(section).catch(() => {});
}

/** Grace before fetching the rest: the alliance's own first screen (the charter's editor, say) renders undisturbed. */
const SETTLE_MS = 2000;

/**
 * Fetches every screen once the open section has settled and the browser has nothing else to do, so moving between
 * sections is instant. Returns the cancel.
 */
export function preloadScreensWhenIdle(sections: readonly Section[]): () => void {
  const idle = window.requestIdleCallback ?? ((run: () => void) => window.setTimeout(run, 0));
  const cancelIdle = window.cancelIdleCallback ?? window.clearTimeout;
  let idleHandle: number | null = null;
  const settle = window.setTimeout(() => {
    idleHandle = idle(() => {
      for (const section of sections) preloadScreen(section);
    });
  }, SETTLE_MS);
  return () => {
    window.clearTimeout(settle);
    if (idleHandle !== null) cancelIdle(idleHandle);
  };
}
