// Over 400 lines on purpose: one open alliance's state (local copy, relay connection, presence, upkeep) lives here
// so that every section reads one session; each concern's logic is in its own module beside it.
import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import { Awareness } from 'y-protocols/awareness';
import {
  AllianceDocument,
  CLOSE_CODES,
  MESSAGE_TYPES,
  SUBPROTOCOL,
  actingPartner as writingPartner,
  isPermanentRefusal,
  type AllianceSnapshot,
  type AuthorityRefusal,
  type CharterVersionKind,
  type CharterVersionSummary,
} from '@trellis/shared';
import { keepCharterVersions } from './charterVersionKeeper.ts';
import { permission } from './permissions.ts';
import { actorOf, standingOf, type Actor, type Standing } from './actor.ts';
import { decodeRefusal, refusedUpdate, refusedOnlyUpkeep, type RefusedUpdate } from './relayRefusal.ts';
import { LinkKeeper } from './linkKeeper.ts';
import { Connection, isOnline, opensNothing, refusalMessage } from './connection.svelte.ts';
import type { DeviceAlliance, DeviceRegistry } from './deviceRegistry.ts';
import { RelayError, type RelayApi } from './relayApi.ts';
import { LocalSaveWatch } from './localSave.ts';
import { shareBetweenTabs } from './tabChannel.ts';
import { errorMessage } from './errorMessage.ts';
import { sessionUpkeep, type AllianceUpkeep } from './allianceUpkeep.ts';
import { afterEvent } from './afterEvent.ts';
import { charterOnly, SnapshotRefresh } from './snapshotRefresh.ts';
import { NEUTRAL_COLOR, peersOf, presentWhileShown, publishUser, type AwarenessUser, type Peer } from './presence.ts';

/** Where the relay lives; null keeps a session local (tests, or no relay configured). */
export interface RelayEndpoint {
  /** ws(s)://host/sync — the provider appends `/<allianceId>`. */
  syncUrl: string;
  api: RelayApi;
}

/** Reconnect backoff cap: quick enough to notice the network is back, gentle on a busy relay. */
const MAX_BACKOFF_MS = 5_000;
/** How often an alliance made offline retries registering with the relay. */
const REGISTER_RETRY_MS = 10_000;

/**
 * One open alliance: its Y.Doc loaded from IndexedDB first, then kept in sync with the relay.
 * Components read `snapshot`, `peers`, `connection` and `readOnlyReason`; they write through `alliance`.
 * It owns its upkeep too (exits, automatic escalation, revoking an exited partner's links), so no component
 * exists only to write to the document.
 */
export class AllianceSession {
  readonly doc = new Y.Doc();
  readonly awareness = new Awareness(this.doc);
  readonly alliance = new AllianceDocument(this.doc);
  readonly connection: Connection;

  entry = $state.raw<DeviceAlliance>(null as unknown as DeviceAlliance);
  loaded = $state(false);
  loadError = $state<string | null>(null);
  snapshot = $state.raw<AllianceSnapshot | null>(null);
  initialised = $state(false);
  peers = $state.raw<Peer[]>([]);
  /** False from a change until IndexedDB has committed it. */
  saved = $state(true);
  /** Bumped on every document change, for views that read the document directly. */
  revision = $state(0);
  /** What the alliance's upkeep just did by itself (an automatic escalation), for a polite status message. */
  announcement = $state('');
  /** The relay's last refusal of an update from this device: which action, and why (kept across the reopen). */
  refused = $state.raw<RefusedUpdate | null>(null);
  /** Set once this copy was discarded after a refusal: the app opens the alliance again, from the relay. */
  discarded = $state(false);

  readonly readOnlyReason = $derived.by(() => this.computeReadOnlyReason());
  private lastMe: AwarenessUser | null = null;
  /** The same object while the name, colour and partner are the same, so that a refresh announces nothing new. */
  readonly me = $derived.by<AwarenessUser>(() => {
    const next = this.identity();
    const last = this.lastMe;
    if (last && last.name === next.name && last.color === next.color && last.partnerId === next.partnerId) return last;
    return (this.lastMe = next);
  });
  /** Who this device acts as: its link's role and partner, as the relay last described it. */
  readonly actor = $derived.by<Actor>(() => actorOf(this.entry));
  /** The actor against the partners this copy holds: a partner, a facilitator, an observer, or not confirmed yet. */
  readonly standing = $derived.by<Standing>(() => standingOf(this.actor, this.snapshot?.partners ?? []));

  private persistence: IndexeddbPersistence | null = null;
  private provider: WebsocketProvider | null = null;
  private readonly cleanups: (() => void)[] = [];
  private readonly snapshotRefresh = new SnapshotRefresh(() => {
    if (!this.destroyed) this.refresh();
  });
  private registerTimer: ReturnType<typeof setInterval> | null = null;
  private upkeep: AllianceUpkeep | null = null;
  private readonly link = new LinkKeeper({
    entry: () => this.entry,
    api: () => this.relay?.api ?? null,
    closed: () => this.destroyed,
    keep: (patch) => this.updateEntry(patch),
    reopenSocket: () => {
      if (!this.provider) return;
      this.provider.destroy();
      this.provider = null;
      this.connect();
    },
  });
  private destroyed = false;
  private changed = false;
  private documentVersionReason = $state<string | null>(null);
  private refusalMessage: AuthorityRefusal | null = null;

  constructor(
    entry: DeviceAlliance,
    private readonly registry: DeviceRegistry,
    private readonly relay: RelayEndpoint | null,
    private readonly now: () => number = Date.now,
  ) {
    this.entry = entry;
    this.connection = new Connection(
      {
        status: relay ? (entry.registered ? 'connecting' : 'local') : 'local',
        pending: entry.pendingChanges,
        refusedCode: entry.refusedCode,
        lastSyncedAt: entry.lastSyncedAt,
      },
      now,
      (snapshot) => {
        this.updateEntry({
          pendingChanges: snapshot.pending,
          lastSyncedAt: snapshot.lastSyncedAt,
          refusedCode: snapshot.refusedCode,
        });
      },
    );
  }

  get id(): string {
    return this.entry.id;
  }

  /** Loads the local copy (IndexedDB), then starts syncing. Resolves once the local copy renders. */
  async open(): Promise<void> {
    this.updateEntry({ lastOpenedAt: this.now() });
    globalThis.performance?.mark?.('trellis:session-open');
    const persistence = new IndexeddbPersistence(this.id, this.doc);
    this.persistence = persistence;
    const saveWatch = new LocalSaveWatch(persistence, (saved) => (this.saved = saved));
    this.cleanups.push(() => saveWatch.stop());
    try {
      await persistence.whenSynced;
    } catch (error) {
      this.loadError = `This device could not read its copy of the alliance (${errorMessage(error)}).`;
    }
    if (this.destroyed) return;

    const charter = this.alliance.charter();
    // After the local copy: another tab then sends only what this copy lacks, and the copy just read is not sent back.
    const tabs = shareBetweenTabs(this.doc, this.id, (reason) => console.warn('Trellis: another tab sent what this copy cannot use:', reason));
    this.cleanups.push(tabs.stop);
    const onUpdate = (_update: Uint8Array, origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
      if (origin !== null && origin === this.persistence) return;
      // An edit made in another tab of this browser is counted there, as the relay's are where they were made.
      if (origin === null || (origin !== this.provider && origin !== tabs.origin)) this.connection.localChange(origin);
      this.changed = true;
      this.snapshotRefresh.changed(charterOnly(transaction, charter));
      saveWatch.changed();
    };
    this.doc.on('update', onUpdate);
    this.cleanups.push(() => this.doc.off('update', onUpdate));

    // Awareness changes may come from inside Svelte's work (the charter's blur as its section goes): read them after.
    const refreshPeers = afterEvent(() => (this.peers = peersOf(this.awareness)));
    const onAwareness = () => refreshPeers.schedule();
    this.awareness.on('change', onAwareness);
    this.cleanups.push(() => {
      this.awareness.off('change', onAwareness);
      refreshPeers.cancel();
    });
    this.cleanups.push(presentWhileShown(globalThis, this.awareness, () => this.publishIdentity()));

    this.refresh();
    this.publishIdentity();
    this.loaded = true;
    this.startUpkeep();
    this.cleanups.push(keepCharterVersions({ charter: this.alliance.charter(), awareness: this.awareness, keep: (kind) => this.keepAutomaticVersion(kind) }));
    // For the client bench: when the local copy was on screen.
    globalThis.performance?.mark?.('trellis:local-copy-loaded');
    // Local first: let the local copy reach the screen before the network work begins.
    setTimeout(() => {
      if (!this.destroyed) this.startSync();
    }, 0);
  }

  /** The person's name in this alliance: asked on first open, changeable later. Their organization comes from the link. */
  setDisplayName(displayName: string): void {
    this.updateEntry({ displayName });
    this.publishIdentity();
  }

  /**
   * Keeps the charter as it is now in its history (HIST-3), in this link's partner's name as the relay reads it
   * (AUTH-17). Nothing on a copy that may not edit the charter; an automatic version only if the text changed.
   */
  keepCharterVersion(kind: CharterVersionKind, name?: string): CharterVersionSummary | null {
    if (!this.snapshot || !permission(this, { kind: 'editCharter' }, this.now()).allowed) return null;
    const partnerId = writingPartner(this.actor, this.snapshot)?.id ?? null;
    return this.alliance.takeCharterVersion({ kind, name, partnerId, by: this.me.name });
  }

  /** An automatic version is kept when it fits; a history full of named versions keeps no more (HIST-3). */
  private keepAutomaticVersion(kind: CharterVersionKind): void {
    try {
      this.keepCharterVersion(kind);
    } catch {
      // Nothing to tell: the named versions are all still there.
    }
  }

  partnerColor(partnerId: string | null): string {
    const partner = this.snapshot?.partners.find((p) => p.id === partnerId);
    return partner?.color ?? NEUTRAL_COLOR;
  }

  /** The secret to manage links with, when this device holds the owner's. */
  ownerSecret(): string | null {
    return this.entry.role === 'owner' ? this.entry.secret : null;
  }

  get relayApi(): RelayApi | null {
    return this.relay?.api ?? null;
  }

  destroy(): void {
    this.destroyed = true;
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.snapshotRefresh.cancel();
    if (this.registerTimer) clearInterval(this.registerTimer);
    this.upkeep?.stop();
    this.upkeep = null;
    this.awareness.setLocalState(null);
    this.provider?.destroy();
    this.provider = null;
    void this.persistence?.destroy();
    this.persistence = null;
    this.awareness.destroy();
    this.doc.destroy();
  }

  // ---------------------------------------------------------------- upkeep

  /** The alliance's own upkeep while it is open: exits take effect, decisions escalate, an exited partner's links go. */
  private startUpkeep(): void {
    this.upkeep = sessionUpkeep(this, (said) => (this.announcement = said), this.now);
    this.upkeep.start();
  }

  // ---------------------------------------------------------------- sync

  private startSync(): void {
    if (!this.relay || this.entry.refusedCode !== null || !this.entry.secret) {
      if (!this.relay || !this.entry.secret) this.connection.localOnly();
      return;
    }
    if (this.entry.registered) {
      if (this.entry.bindPartnerId === null) this.connect();
      else void this.link.bindCreatorLink().then(() => !this.destroyed && !this.provider && this.connect());
      return;
    }
    this.connection.localOnly();
    const tryRegister = () => void this.register();
    tryRegister();
    this.registerTimer = setInterval(tryRegister, REGISTER_RETRY_MS);
    this.listen(globalThis, 'online', tryRegister);
  }

  /** An alliance made on this device tells the relay its id and owner secret, once one is reachable. */
  private async register(): Promise<void> {
    const { relay, entry } = this;
    if (!relay || !entry.secret || this.provider || this.destroyed || this.connection.status === 'refused') return;
    try {
      // The relay binds the creator's link to its organization at creation; bindCreatorLink() covers an older relay.
      const request = { id: entry.id, token: entry.secret, name: this.snapshot?.meta.name ?? entry.name };
      await relay.api.registerAlliance(entry.bindPartnerId ? { ...request, partnerId: entry.bindPartnerId } : request);
    } catch (error) {
      // A refusal of the request itself (the id taken by another owner, a malformed request) stays a refusal:
      // stop asking and keep the local copy, read-only. Otherwise still offline, or the relay is down: try again.
      if (error instanceof RelayError && error.permanent && !this.destroyed) {
        this.stopRegistering();
        this.connection.refused(error.status);
      }
      return;
    }
    if (this.destroyed || this.provider) return;
    this.stopRegistering();
    this.updateEntry({ registered: true });
    await this.link.bindCreatorLink();
    if (!this.destroyed && !this.provider) this.connect();
  }

  private stopRegistering(): void {
    if (this.registerTimer) clearInterval(this.registerTimer);
    this.registerTimer = null;
  }

  private connect(): void {
    const { relay, entry } = this;
    if (!relay || !entry.secret) return;
    const provider = new WebsocketProvider(relay.syncUrl, entry.id, this.doc, {
      awareness: this.awareness,
      // The secret rides as a second subprotocol value, never in the URL.
      protocols: [SUBPROTOCOL, entry.secret],
      maxBackoffTime: MAX_BACKOFF_MS,
      // Tabs share edits through tabChannel.ts, which sends a tab only what it lacks; y-websocket's channel would
      // send the whole document to every other tab on each connection.
      disableBc: true,
    });
    this.provider = provider;
    // Ask at once, not only after the first sync: the first-open prompt shows the link's organization.
    void this.link.describe();
    provider.on('status', ({ status }) => {
      if (status === 'connecting') this.connection.connecting();
      else if (status === 'disconnected') this.connection.disconnected(isOnline());
    });
    provider.on('connection-close', () => {
      if (!provider.wsconnected) this.connection.disconnected(isOnline());
    });
    provider.on('sync', (synced) => {
      if (!synced) return;
      this.connection.synced();
      void this.link.describe();
    });
    // The relay says why it refused an update (AUTH-1 .. AUTH-13), then closes with CLOSE_CODES.refused.
    provider.messageHandlers[MESSAGE_TYPES.refused] = (_encoder, decoder) => (this.refusalMessage = decodeRefusal(decoder));
    provider.on('closed', ({ code }) => {
      if (code === CLOSE_CODES.refused) void this.discardRefused();
      else if (isPermanentRefusal(code)) this.refuseLink(code);
    });
    // The browser knows before the socket does: drop the socket when the network goes, so that
    // coming back starts a fresh sync (step 1/step 2 carries everything either side missed),
    // and try at once rather than at the end of the backoff.
    this.listen(globalThis, 'offline', () => {
      if (this.provider !== provider) return;
      provider.disconnect();
      this.connection.disconnected(false);
    });
    this.listen(globalThis, 'online', () => {
      if (this.provider === provider && this.connection.status !== 'refused' && !provider.wsconnected) provider.connect();
    });
  }

  /** "Retry now": try the relay at once rather than at the end of the backoff. */
  retryNow(): void {
    const provider = this.provider;
    if (this.destroyed || this.connection.status === 'refused') return;
    if (!provider) return void (this.registerTimer && this.register());
    if (provider.wsconnected) return;
    provider.disconnect();
    provider.connect();
  }

  /**
   * The relay refused the link. A copy this device holds stays, read-only; a link that never brought the alliance here
   * (unknown, revoked) leaves nothing behind: no card in the portfolio, no empty local copy.
   */
  private refuseLink(code: number): void {
    const copyKept = this.alliance.isInitialised() || !opensNothing(code);
    if (!copyKept) {
      this.registry.remove(this.id);
      void this.dropLocalCopy();
    }
    this.connection.refused(code, copyKept);
  }

  private async dropLocalCopy(): Promise<void> {
    this.provider?.destroy();
    this.provider = null;
    const persistence = this.persistence;
    this.persistence = null;
    await persistence?.clearData().catch(() => {});
  }

  /**
   * The relay refused an update: its later updates build on it and would be refused too. Say which action and why,
   * drop this device's copy (IndexedDB) and let the app open the alliance again from the relay; the device keeps its
   * entry (link, name, identity).
   */
  private async discardRefused(): Promise<void> {
    // Only the upkeep's write lost a race (a partner's change reached the relay first): nothing of the person's
    // is lost, and the upkeep writes again from the relay's copy, so there is nothing to tell them.
    this.refused = refusedOnlyUpkeep(this.refusalMessage) ? null : refusedUpdate(this.refusalMessage, this.snapshot, this.now());
    this.updateEntry({ pendingChanges: 0 });
    await this.dropLocalCopy();
    this.discarded = true;
  }

  private listen(target: typeof globalThis, type: string, handler: () => void): void {
    if (typeof target.addEventListener !== 'function') return;
    target.addEventListener(type, handler);
    this.cleanups.push(() => target.removeEventListener(type, handler));
  }

  // ---------------------------------------------------------------- state

  private refresh(): void {
    this.documentVersionReason = this.alliance.readOnlyReason();
    this.initialised = this.alliance.isInitialised();
    this.snapshot = this.alliance.snapshot();
    this.revision += 1;
    const name = this.snapshot.meta.name;
    const patch: Partial<DeviceAlliance> = {};
    if (this.changed) patch.lastChangeAt = this.now();
    this.changed = false;
    if (this.initialised && name !== this.entry.name) patch.name = name;
    if (Object.keys(patch).length > 0) this.updateEntry(patch);
    this.publishIdentity();
  }

  private identity(): AwarenessUser {
    // The actor's partner, not the entry's: a view link made for a partner acts for nobody, and others see it so.
    const { partnerId } = this.actor;
    return { name: this.entry.displayName ?? 'Someone joining', color: this.partnerColor(partnerId), partnerId };
  }

  private publishIdentity(): void {
    if (!this.destroyed) publishUser(this.awareness, this.identity());
  }

  private computeReadOnlyReason(): string | null {
    if (this.documentVersionReason) return this.documentVersionReason;
    if (this.connection.status === 'refused') return this.connection.copyKept ? refusalMessage(this.connection.refusedCode) : null;
    if (this.entry.role === 'view') return 'You opened this alliance with a view link: you can read everything but not change it.';
    return null;
  }

  private updateEntry(patch: Partial<DeviceAlliance>): void {
    const next = this.registry.update(this.entry.id, patch);
    this.entry = next ?? { ...this.entry, ...patch };
  }
}
