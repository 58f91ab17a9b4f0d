import type { EditorNode, RestoreTarget } from './history/restoreContent.ts';

/** What the charter section may ask of a mounted editor. */
export interface CharterEditorHandle {
  /** Scrolls to the charter's top-level block `index` and selects its text. */
  showBlock(index: number): void;
  /** Puts blocks of an earlier version back into the text, as this person's own edit (HIST-3). */
  restore(target: RestoreTarget, nodes: EditorNode[]): void;
  /** Replaces the whole text with an earlier version's, as this person's own edit (HIST-3). */
  restoreAll(nodes: EditorNode[]): void;
}
