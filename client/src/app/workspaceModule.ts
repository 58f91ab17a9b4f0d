/**
 * The alliance workspace's screen (header, section tabs, dialogs) is its own chunk: the portfolio, the first screen,
 * does not pay for it. Every caller shares one promise, so a hover that starts the download and the navigation that
 * needs it fetch it once.
 */
import type { Component } from 'svelte';
import type { AllianceSession } from '../session/allianceSession.svelte.ts';
import type { StorageLike } from '../session/deviceRegistry.ts';
import type { Section } from './router.svelte.ts';

export type WorkspaceScreen = Component<{ session: AllianceSession; section: Section; storage: StorageLike }>;

let loading: Promise<WorkspaceScreen> | null = null;

export function loadWorkspace(): Promise<WorkspaceScreen> {
  loading ??= import('./Workspace.svelte').then(
    (module) => module.default,
    (error: unknown) => {
      // A failed download (offline before this device kept it) may succeed on the next try.
      loading = null;
      throw error;
    },
  );
  return loading;
}
