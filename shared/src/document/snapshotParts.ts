import type * as Y from 'yjs';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Yjs types a shared type's events as any
type SharedType = Y.AbstractType<any>;

/**
 * The parts of an alliance's snapshot, each kept until a root it reads changes. Typing in the charter then rebuilds
 * the charter's blocks and nothing else: every other part is the same array or object as before, so a view that
 * compares by identity (Svelte's deriveds, a component's props) skips what did not change. Kept once per Y.Doc, so
 * every `AllianceDocument` on one doc shares it.
 */
export class SnapshotParts {
  private readonly changes = new Map<string, number>();
  private readonly rootNames = new WeakMap<SharedType, string | null>();
  private readonly cached = new Map<string, { stamp: string; value: unknown }>();
  /** Values kept per entry of a root (`entryPart`), each until something inside that entry changes. */
  private readonly entryValues = new WeakMap<SharedType, unknown>();

  constructor(private readonly doc: Y.Doc) {
    doc.on('afterTransaction', (transaction: Y.Transaction) => {
      for (const type of transaction.changed.keys()) {
        // One walk up: the entry (the type just below its root) and the root above it.
        let entry = type;
        while (entry.parent !== null && entry.parent.parent !== null) entry = entry.parent as SharedType;
        const top = (entry.parent ?? entry) as SharedType;
        if (top !== entry) this.entryValues.delete(entry);
        const root = this.rootNameOf(top);
        // Stryker disable next-line ArithmeticOperator: counting down marks each change as well as counting up
        if (root !== null) this.changes.set(root, (this.changes.get(root) ?? 0) + 1);
      }
    });
  }

  /**
   * A value computed from one entry of a root (a top-level type inside it: a charter block), the value from last
   * time while nothing inside that entry changed. Typing in one paragraph of a long charter then reads one
   * paragraph again, not all of them. The entry must be in the document (an integrated type).
   */
  entryPart<T>(entry: SharedType, compute: () => T): T {
    if (this.entryValues.has(entry)) return this.entryValues.get(entry) as T;
    const value = compute();
    this.entryValues.set(entry, value);
    return value;
  }

  /**
   * The part `name`, computed from `roots` only: the value from last time while none of them changed. A new value
   * is frozen (shallowly), so no reader can reorder what the next snapshot hands out again.
   */
  part<T>(name: string, roots: readonly string[], compute: () => T): T {
    // Stryker disable next-line StringLiteral: counts only grow, so two of a part's stamps with the same digits have the same counts, commas or not
    const stamp = roots.map((root) => this.changes.get(root) ?? 0).join(',');
    const hit = this.cached.get(name);
    if (hit && hit.stamp === stamp) return hit.value as T;
    const value = compute();
    // Freezing leaves a number, a string or null as it is, so every value goes through it.
    Object.freeze(value);
    this.cached.set(name, { stamp, value });
    return value;
  }

  /** The name of a top-level type (null for a type the document does not hold at the top). */
  private rootNameOf(top: SharedType): string | null {
    const known = this.rootNames.get(top);
    if (known !== undefined) return known;
    let name: string | null = null;
    for (const [key, root] of this.doc.share) if (root === top) name = key;
    this.rootNames.set(top, name);
    return name;
  }
}

const perDoc = new WeakMap<Y.Doc, SnapshotParts>();

/** The doc's one set of snapshot parts, made on first use. */
export function snapshotParts(doc: Y.Doc): SnapshotParts {
  let parts = perDoc.get(doc);
  if (!parts) {
    parts = new SnapshotParts(doc);
    perDoc.set(doc, parts);
  }
  return parts;
}
