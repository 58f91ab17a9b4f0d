/**
 * What an open alliance does by itself, in every session that may write: exits take effect on their
 * date, decisions escalate when the rules say so, decided decisions are closed with the outcome the rules
 * give and a passed change is applied (on a copy synced with the relay), and (on an owner's device) an
 * exited partner's links are revoked. It runs after every change and on a timer, because time alone can
 * make something due.
 */
import type { AllianceDocument, Id } from '@trellis/shared';
import { actingPartner, type Standing } from './actor.ts';
import type { ConnectionStatus } from './connection.svelte.ts';
import type { RelayApi } from './relayApi.ts';
import { escalateDue, type DueEscalation } from './autoEscalation.ts';
import { closeDecided, closesNow, type Closed } from './decisionClosing.ts';
import { exitedPartnerIds, revokeExitedLinks, type LinkManager } from './exitRevocation.ts';

/** Often enough that a time limit passing shows within a minute; cheap: it reads the snapshot once. */
export const UPKEEP_INTERVAL_MS = 30_000;

export interface UpkeepDeps {
  alliance: AllianceDocument;
  allianceId: string;
  now: () => number;
  /** True when this copy must not be changed (view link, revoked, newer schema). */
  readOnly: () => boolean;
  /** The relay and the owner secret, when this device manages links; null otherwise. */
  links: () => { api: LinkManager; ownerSecret: string } | null;
  /**
   * True while this copy holds what the relay holds (synced, nothing pending): closing a decision is decided on it,
   * so the relay, checking with the same rules, admits the write (CHG-3, AUTH-11).
   */
  synced: () => boolean;
  /** The partner this device acts for (the expected closer of a decision its vote decided), or null. */
  partnerId: () => Id | null;
  /** Told what moved, for a polite status message. */
  onEscalated?: (moved: DueEscalation[]) => void;
  onClosed?: (closed: Closed[]) => void;
  onLinksRevoked?: (linkIds: string[]) => void;
}

export interface UpkeepResult {
  exitsCompleted: string[];
  escalated: DueEscalation[];
  closed: Closed[];
  linksRevoked: string[];
}

export class AllianceUpkeep {
  private timer: ReturnType<typeof setInterval> | null = null;
  private unsubscribe: (() => void) | null = null;
  private scheduled = false;
  private running: Promise<UpkeepResult> | null = null;
  private again = false;
  /** Partners whose links are known to be revoked, so the relay is not asked every 30 s. */
  private readonly revokedFor = new Set<string>();

  constructor(private readonly deps: UpkeepDeps) {}

  start(intervalMs = UPKEEP_INTERVAL_MS): void {
    if (this.timer) return;
    // A change (a vote, an exit) is handled after the transaction that made it, never inside it.
    this.unsubscribe = this.deps.alliance.onChange(() => this.schedule());
    this.timer = setInterval(() => void this.run(), intervalMs);
    this.schedule();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /** One pass; concurrent calls share it and one more pass follows if something changed meanwhile. */
  run(): Promise<UpkeepResult> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.pass().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.schedule();
      }
    });
    return this.running;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setTimeout(() => {
      this.scheduled = false;
      if (this.timer) void this.run();
    }, 0);
  }

  private async pass(): Promise<UpkeepResult> {
    const result: UpkeepResult = { exitsCompleted: [], escalated: [], closed: [], linksRevoked: [] };
    const { alliance, readOnly, now } = this.deps;
    if (readOnly() || alliance.readOnlyReason() !== null || !alliance.isInitialised()) return result;
    // What the rules write by themselves is written once, on a copy that holds what the relay holds: a second
    // writer, or one working from a stale copy, would be refused (CHG-5, CHG-7, AUTH-11).
    if (this.deps.synced()) {
      const me = this.deps.partnerId();
      const t = now();
      const dueExits = alliance.snapshot().partners.filter((p) => p.status === 'exiting' && p.exitEffectiveAt !== null && p.exitEffectiveAt <= t);
      if (dueExits.some((p) => closesNow({ closer: p.id, finalSince: p.exitEffectiveAt ?? t }, me, t))) result.exitsCompleted = alliance.completeDueExits();
      result.escalated = escalateDue(alliance, t, (due) => closesNow(due, me, t));
      if (result.escalated.length > 0) this.deps.onEscalated?.(result.escalated);
      result.closed = closeDecided(alliance, me, t);
      if (result.closed.length > 0) this.deps.onClosed?.(result.closed);
    }

    const links = this.deps.links();
    const exited = exitedPartnerIds(alliance.snapshot(), now()).filter((id) => !this.revokedFor.has(id));
    if (links && exited.length > 0) {
      try {
        result.linksRevoked = await revokeExitedLinks(links.api, this.deps.allianceId, links.ownerSecret, exited);
        for (const id of exited) this.revokedFor.add(id);
        if (result.linksRevoked.length > 0) this.deps.onLinksRevoked?.(result.linksRevoked);
      } catch {
        // Offline or the relay is down: the next pass tries again.
      }
    }
    return result;
  }
}

/** What the upkeep reads from an open session. */
export interface UpkeepSession {
  readonly alliance: AllianceDocument;
  readonly id: string;
  readonly readOnlyReason: string | null;
  readonly relayApi: RelayApi | null;
  ownerSecret(): string | null;
  readonly entry: { registered: boolean };
  readonly connection: { status: ConnectionStatus };
  readonly standing: Standing;
}

/** The upkeep of an open session: it closes decisions only on a copy synced with the relay, as its partner. */
export function sessionUpkeep(session: UpkeepSession, announce: (said: string) => void, now: () => number = Date.now): AllianceUpkeep {
  return new AllianceUpkeep({
    alliance: session.alliance,
    allianceId: session.id,
    now,
    readOnly: () => session.readOnlyReason !== null,
    links: () => {
      const api = session.relayApi;
      const ownerSecret = session.ownerSecret();
      return api && ownerSecret && session.entry.registered ? { api, ownerSecret } : null;
    },
    synced: () => session.connection.status === 'synced',
    partnerId: () => actingPartner(session.standing)?.id ?? null,
    onEscalated: (moved) => announce(moved.map((m) => `“${m.title}” went to the steering committee: ${m.reason}`).join(' ')),
    onClosed: (closed) => announce(closed.map((c) => `“${c.title}” is decided${c.applied ? ' and applied' : ''}.`).join(' ')),
  });
}
