import { bindCreatorLink, factsChanged, linkFacts, type Bound } from './linkIdentity.ts';
import type { DeviceAlliance } from './deviceRegistry.ts';
import type { RelayApi } from './relayApi.ts';

/** What the link keeper reads and writes of its session. */
export interface LinkHost {
  entry(): DeviceAlliance;
  api(): RelayApi | null;
  closed(): boolean;
  keep(patch: Partial<DeviceAlliance>): void;
  /** Moves an open socket to the entry's (new) secret. */
  reopenSocket(): void;
}

/**
 * Who this device's link is, in the relay's word (LINK-5): its role, partner and label, kept on the device for offline
 * opens; and, for a creator, its owner link bound to the creator's organization (see linkIdentity.ts).
 */
export class LinkKeeper {
  private binding: Promise<void> | null = null;

  constructor(private readonly host: LinkHost) {}

  /**
   * A link's role hint can be wrong or edited, and only the relay knows its partner: once connected, take the
   * relay's word for what this link is and who it acts for.
   */
  async describe(): Promise<void> {
    const entry = this.host.entry();
    const api = this.host.api();
    if (!api || !entry.secret) return;
    if (entry.bindPartnerId !== null) return this.bindCreatorLink();
    const secret = entry.secret;
    try {
      const link = await api.describeLink(entry.id, secret);
      if (this.host.closed() || this.host.entry().secret !== secret) return;
      const facts = linkFacts(link);
      if (factsChanged(this.host.entry(), facts)) this.host.keep(facts);
    } catch {
      // Offline again or refused: the socket's close code already tells the person.
    }
  }

  /** Binds the creator's owner link to its organization; offline, the next open tries again. */
  bindCreatorLink(): Promise<void> {
    // One at a time: the socket's first answer and its sync both ask, and two binds would make two links.
    this.binding ??= this.bindOnce().finally(() => (this.binding = null));
    return this.binding;
  }

  private async bindOnce(): Promise<void> {
    const entry = this.host.entry();
    const api = this.host.api();
    if (!api || !entry.secret || entry.bindPartnerId === null) return;
    let bound: Bound;
    try {
      bound = await bindCreatorLink(api, entry.id, entry.secret, entry.bindPartnerId);
    } catch {
      return; // Offline or refused: meanwhile the device keeps acting as the creator's organization.
    }
    if (this.host.closed()) return;
    this.host.keep(bound.patch);
    // A socket opened with the partnerless link (the bind waited for the network) moves to the bound one first,
    // so that revoking the old link does not close this device's own socket.
    if (bound.revokeOld) this.host.reopenSocket();
    await bound.revokeOld?.();
  }
}
