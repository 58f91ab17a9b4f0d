/**
 * What an open alliance does by itself, in every session that may write: exits take effect on their
 * date, decisions escalate when the rules say so, and (on an owner's device) an exited partner's links
 * are revoked. It runs after every change and on a timer, because time alone can make something due.
 */
import type { AllianceDocument } from '@trellis/shared';
import { escalateDue, type DueEscalation } from './autoEscalation.ts';
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
  /** Told what moved, for a polite status message. */
  onEscalated?: (moved: DueEscalation[]) => void;
  onLinksRevoked?: (linkIds: string[]) => void;
}

export interface UpkeepResult {
  exitsCompleted: string[];
  escalated: DueEscalation[];
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
    const result: UpkeepResult = { exitsCompleted: [], escalated: [], linksRevoked: [] };
    const { alliance, readOnly, now } = this.deps;
    if (readOnly() || alliance.readOnlyReason() !== null || !alliance.isInitialised()) return result;
    result.exitsCompleted = alliance.completeDueExits();
    result.escalated = escalateDue(alliance, now());
    if (result.escalated.length > 0) this.deps.onEscalated?.(result.escalated);

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
