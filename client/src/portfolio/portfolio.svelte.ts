import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import {
  AllianceDocument,
  newAllianceId,
  newSecret,
  type AllianceMode,
  type AllianceSnapshot,
  type Role,
} from '@trellis/shared';
import type { DeviceAlliance, DeviceRegistry, UnreadableEntry } from '../session/deviceRegistry.ts';
import type { OpenedLink } from '../app/allianceLink.ts';
import { savedLocally } from '../session/localSave.ts';

export interface PortfolioItem {
  entry: DeviceAlliance;
  /** Null while loading, or when the document has not reached this device yet. Summarized on screen with the app's clock. */
  snapshot: AllianceSnapshot | null;
  error: string | null;
}

export interface NewAllianceForm {
  name: string;
  purpose: string;
  mode: AllianceMode;
  /** The creator's own organization: the first partner. */
  organization: string;
  otherPartners: string[];
  displayName: string;
}

/** Every alliance on this device, read from the local copies only (the portfolio never waits on the network). */
export class Portfolio {
  items = $state.raw<PortfolioItem[]>([]);
  unreadable = $state.raw<UnreadableEntry[]>([]);
  loading = $state(true);

  constructor(
    private readonly registry: DeviceRegistry,
    private readonly now: () => number = Date.now,
  ) {}

  async refresh(): Promise<void> {
    const { alliances, unreadable } = this.registry.list();
    this.unreadable = unreadable;
    this.items = alliances.map((entry) => ({ entry, snapshot: null, error: null }));
    const loaded = await Promise.all(
      alliances.map(async (entry): Promise<PortfolioItem> => {
        try {
          const snapshot = await readLocalSnapshot(entry.id);
          return { entry, snapshot: snapshot ?? null, error: null };
        } catch (error) {
          return { entry, snapshot: null, error: `Could not read this alliance on this device (${String(error)}).` };
        }
      }),
    );
    this.items = loaded;
    this.loading = false;
  }

  /** Creates an alliance entirely on this device; it registers with the relay when it is opened online. */
  async create(form: NewAllianceForm): Promise<string> {
    const name = form.name.trim();
    const organization = form.organization.trim();
    const others = form.otherPartners.map((p) => p.trim()).filter((p) => p.length > 0 && p !== organization);
    let partnerId: string | null = null;
    const id = await this.writeNew((doc) => {
      const alliance = AllianceDocument.create(doc, {
        name,
        purpose: form.purpose.trim(),
        mode: form.mode,
        partners: [organization, ...others].filter((p) => p.length > 0).map((partner) => ({ name: partner })),
        withCharterTemplate: true,
      });
      partnerId = alliance.snapshot().partners.find((p) => p.name === organization)?.id ?? null;
      return name;
    });
    // The creator acts for its own organization from the first keystroke; the relay's owner link is bound to it on registering.
    this.registry.update(id, { displayName: form.displayName.trim() || null, partnerId, bindPartnerId: partnerId });
    return id;
  }

  /** The method's worked example, as a new alliance of this device's own. */
  async createExample(): Promise<string> {
    // The example's generator is a chunk of its own: only those who try it fetch it.
    const { exampleAlliance } = await import('@trellis/shared/example');
    let partnerId: string | null = null;
    const id = await this.writeNew((doc) => {
      const snapshot = exampleAlliance(doc).snapshot();
      // Whoever tries the example acts as its first partner, as a creator acts for its own organization.
      partnerId = snapshot.partners[0]?.id ?? null;
      return snapshot.meta.name;
    });
    this.registry.update(id, { partnerId, bindPartnerId: partnerId });
    return id;
  }

  /** Keeps a link's alliance on this device (its secret in the registry, never in the document). */
  keepLink(link: OpenedLink): DeviceAlliance {
    const existing = this.registry.get(link.allianceId);
    const role: Role = link.role ?? 'edit';
    if (existing) {
      // A new key replaces the old one, unless this device already holds the owner's.
      if (link.secret && link.secret !== existing.secret && existing.role !== 'owner') {
        // Another link is another partner, perhaps: who it acts for is the relay's to say, once online.
        const next = this.registry.update(link.allianceId, {
          secret: link.secret,
          role,
          partnerId: null,
          linkLabel: '',
          linkKnown: false,
          bindPartnerId: null,
          refusedCode: null,
          registered: true,
        });
        return next ?? existing;
      }
      return existing;
    }
    const entry: DeviceAlliance = {
      id: link.allianceId,
      secret: link.secret,
      role,
      // Nothing is known of it until the relay sends it: not yet "joined".
      name: 'Alliance from a link',
      displayName: null,
      partnerId: null,
      linkLabel: '',
      linkKnown: false,
      bindPartnerId: null,
      // A link made by the relay means the relay knows the alliance.
      registered: true,
      pendingChanges: 0,
      lastSyncedAt: null,
      lastOpenedAt: this.now(),
      lastChangeAt: null,
      refusedCode: null,
      archived: false,
    };
    this.registry.put(entry);
    return entry;
  }

  /** Removes the alliance from this device: its registry entry and its local copy. */
  async forget(id: string): Promise<void> {
    this.registry.remove(id);
    const doc = new Y.Doc();
    const persistence = new IndexeddbPersistence(id, doc);
    await persistence.whenSynced;
    await persistence.clearData();
    doc.destroy();
    await this.refresh();
  }

  /** Moves an alliance under "Archived" on this device, or back to the main list; nothing changes in the alliance. */
  setArchived(id: string, archived: boolean): void {
    const entry = this.registry.update(id, { archived });
    if (!entry) return;
    this.items = this.items.map((item) => (item.entry.id === id ? { ...item, entry } : item));
  }

  forgetUnreadable(key: string): void {
    this.registry.forget(key);
    this.unreadable = this.unreadable.filter((u) => u.key !== key);
  }

  private async writeNew(write: (doc: Y.Doc) => string): Promise<string> {
    const id = newAllianceId();
    const doc = new Y.Doc();
    const persistence = new IndexeddbPersistence(id, doc);
    await persistence.whenSynced;
    let name = '';
    let updates = 0;
    doc.on('update', () => (updates += 1));
    name = write(doc);
    await savedLocally(persistence);
    await persistence.destroy();
    doc.destroy();
    const now = this.now();
    this.registry.put({
      id,
      secret: newSecret(),
      role: 'owner',
      name,
      displayName: null,
      partnerId: null,
      linkLabel: '',
      // Made here: the device knows its link (partnerless until bound to the creator's organization).
      linkKnown: true,
      bindPartnerId: null,
      registered: false,
      pendingChanges: updates,
      lastSyncedAt: null,
      lastOpenedAt: now,
      lastChangeAt: now,
      refusedCode: null,
      archived: false,
    });
    return id;
  }
}

/** Reads an alliance's local copy without touching the network; null when nothing has arrived yet. */
export async function readLocalSnapshot(id: string): Promise<AllianceSnapshot | null> {
  const doc = new Y.Doc();
  const persistence = new IndexeddbPersistence(id, doc);
  try {
    await persistence.whenSynced;
    const alliance = new AllianceDocument(doc);
    return alliance.isInitialised() ? alliance.snapshot() : null;
  } finally {
    await persistence.destroy();
    doc.destroy();
  }
}
