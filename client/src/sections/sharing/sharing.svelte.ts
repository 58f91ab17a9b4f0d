import type { LinkSummary, Role } from '@trellis/shared';
import { RelayError, type RelayApi } from '../../session/relayApi.ts';
import { shareLink } from '../../app/allianceLink.ts';

export interface MadeLink {
  id: string;
  role: Role;
  label: string;
  url: string;
}

/** The owner's view of an alliance's links: list, make (the secret is shown once), revoke. */
export class Sharing {
  links = $state.raw<LinkSummary[]>([]);
  loading = $state(false);
  /** Whether `links` is the relay's answer, not merely empty because it could not be asked. */
  loaded = $state(false);
  error = $state<string | null>(null);
  /** Links made during this visit, with their URLs: the relay never shows a secret twice. */
  made = $state.raw<MadeLink[]>([]);

  constructor(
    private readonly api: RelayApi,
    private readonly allianceId: string,
    private readonly ownerSecret: string,
    private readonly origin: string,
  ) {}

  async load(): Promise<void> {
    this.loading = true;
    try {
      this.links = await this.api.listLinks(this.allianceId, this.ownerSecret);
      this.loaded = true;
      this.error = null;
    } catch (error) {
      this.error = message(error);
    } finally {
      this.loading = false;
    }
  }

  async create(role: Role, label: string, partnerId: string | null = null): Promise<MadeLink | null> {
    try {
      const made = await this.api.createLink(this.allianceId, this.ownerSecret, role, label, partnerId);
      const link: MadeLink = { id: made.id, role: made.role, label: made.label, url: shareLink(this.origin, this.allianceId, made.token, made.role) };
      this.made = [link, ...this.made];
      this.error = null;
      await this.load();
      return link;
    } catch (error) {
      this.error = message(error);
      return null;
    }
  }

  async revoke(linkId: string): Promise<void> {
    try {
      await this.api.revokeLink(this.allianceId, this.ownerSecret, linkId);
      this.error = null;
      await this.load();
    } catch (error) {
      this.error = message(error);
    }
  }

  urlOf(linkId: string): string | null {
    return this.made.find((m) => m.id === linkId)?.url ?? null;
  }
}

function message(error: unknown): string {
  if (error instanceof RelayError) {
    if (error.status === 409 && error.code === 'last_owner') return 'The last owner link cannot be revoked: make another owner link first.';
    return error.message;
  }
  return String(error);
}
