/** What the charter section may ask of a mounted editor. */
export interface CharterEditorHandle {
  /** Scrolls to the charter's top-level block `index` and selects its text. */
  showBlock(index: number): void;
}
