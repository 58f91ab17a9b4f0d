/**
 * The alliance workspace (its shell and the session that syncs it) is its own chunk: the portfolio,
 * the first screen, does not pay for it. Every caller shares one promise, so a hover that starts the
 * download and the navigation that needs it fetch it once.
 */
import type { Component } from 'svelte';
import type { AllianceSession } from '../session/allianceSession.svelte.ts';
import type { StorageLike } from '../session/deviceRegistry.ts';
import type { Section } from './router.svelte.ts';

export interface WorkspaceModule {
  Workspace: Component<{ session: AllianceSession; section: Section; storage: StorageLike }>;
  AllianceSession: typeof AllianceSession;
}

let workspace: Promise<WorkspaceModule['Workspace']> | null = null;
let session: Promise<WorkspaceModule['AllianceSession']> | null = null;

/** The session alone, so the local copy starts loading from IndexedDB while the screens still download. */
export function loadAllianceSession(): Promise<WorkspaceModule['AllianceSession']> {
  session ??= import('../session/allianceSession.svelte.ts').then(
    (module) => module.AllianceSession,
    (error: unknown) => {
      // A failed download (offline before this device kept it) may succeed on the next try.
      session = null;
      throw error;
    },
  );
  return session;
}

export function loadWorkspace(): Promise<WorkspaceModule> {
  workspace ??= import('./Workspace.svelte').then(
    (module) => module.default,
    (error: unknown) => {
      workspace = null;
      throw error;
    },
  );
  return Promise.all([workspace, loadAllianceSession()]).then(([Workspace, AllianceSession]) => ({ Workspace, AllianceSession }));
}
