/**
 * The threads beside the charter on a laptop: a margin column next to the editor, outside its editable text, with each
 * paragraph's threads level with that paragraph (or just below the threads above, when those run longer). Drawn inside
 * the text, 200 cards of 600 comments were part of the contenteditable that Chromium walks on every key to report the
 * caret's offset, and every keystroke paid for them.
 */

/** One paragraph's threads: where the paragraph starts in the editor, and which threads (in the order they were opened). */
export interface MarginGroup {
  key: string;
  pos: number;
  ids: readonly string[];
}

interface Placed {
  element: HTMLElement;
  unmount: () => void;
  pos: number;
  top: number;
}

/** Space kept between the threads of one paragraph and those of the next. */
export const GAP_PX = 8;

/**
 * Where each paragraph's threads go, in the text's order: level with the paragraph (`at`, from the margin's top), or
 * just below the threads above when those reach further; a paragraph the editor no longer shows (`at` null) keeps its
 * threads below the others. Also how tall the margin must be to hold them all.
 */
export function marginTops(groups: ReadonlyArray<{ at: number | null; height: number }>): { tops: number[]; bottom: number } {
  const tops: number[] = [];
  let bottom = 0;
  for (const { at, height } of groups) {
    const top = Math.max(Math.round(at ?? bottom), bottom);
    tops.push(top);
    bottom = top + height + GAP_PX;
  }
  return { tops, bottom };
}

export class MarginThreads {
  private placed = new Map<string, Placed>();
  private frame: number | null = null;
  private readonly resized: ResizeObserver | null;

  constructor(
    private readonly column: HTMLElement,
    text: HTMLElement,
    /** What the margin reads of the editor: the element of the block that starts at `pos`, if it still has one. */
    private readonly blockAt: (pos: number) => HTMLElement | null,
    /** Renders the threads `ids` into `target`; returns the function that removes them. */
    private readonly mount: (target: HTMLElement, ids: readonly string[]) => () => void,
  ) {
    // The text's height changes when a line wraps or a paragraph comes or goes; a card's when a reply opens. Either
    // moves what follows, and nothing else does: a keystroke that changes no height costs the margin nothing.
    this.resized = typeof ResizeObserver === 'function' ? new ResizeObserver(() => this.schedule()) : null;
    this.resized?.observe(text);
  }

  /** The paragraphs with threads now, in the text's order. */
  show(groups: readonly MarginGroup[]): void {
    // Typing moves the paragraphs' positions in the text, not the threads: their tops follow the text's height.
    const keys = [...this.placed.keys()];
    if (groups.length === keys.length && groups.every((group, index) => keys[index] === group.key)) {
      for (const group of groups) this.placed.get(group.key)!.pos = group.pos;
      return;
    }
    const next = new Map<string, Placed>();
    for (const group of groups) {
      let placed = this.placed.get(group.key);
      if (placed) {
        this.placed.delete(group.key);
        placed.pos = group.pos;
      } else {
        const element = document.createElement('div');
        element.className = 'comment-threads in-margin';
        placed = { element, unmount: this.mount(element, group.ids), pos: group.pos, top: -1 };
        this.resized?.observe(element);
      }
      next.set(group.key, placed);
    }
    for (const gone of this.placed.values()) this.remove(gone);
    this.placed = next;
    // In the text's order, so that the keyboard and a screen reader meet them in the order of their paragraphs.
    let before: Element | null = null;
    for (const placed of next.values()) {
      const expected: Element | null = before ? before.nextElementSibling : this.column.firstElementChild;
      if (expected !== placed.element) this.column.insertBefore(placed.element, expected);
      before = placed.element;
    }
    this.schedule();
  }

  /** The editor closes: every thread leaves the margin. */
  destroy(): void {
    for (const placed of this.placed.values()) this.remove(placed);
    this.placed.clear();
    this.resized?.disconnect();
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.frame = null;
  }

  private remove(placed: Placed): void {
    this.resized?.unobserve(placed.element);
    placed.unmount();
    placed.element.remove();
  }

  private schedule(): void {
    if (this.frame !== null) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      this.place();
    });
  }

  /** Each paragraph's threads level with it, below the threads above; every read before any write. */
  private place(): void {
    const origin = this.column.getBoundingClientRect().top;
    const wanted = [...this.placed.values()].map((placed) => {
      const block = this.blockAt(placed.pos);
      return { placed, at: block ? block.getBoundingClientRect().top - origin : null, height: placed.element.offsetHeight };
    });
    const { tops, bottom } = marginTops(wanted);
    wanted.forEach(({ placed }, index) => {
      const top = tops[index]!;
      if (top === placed.top) return;
      placed.element.style.top = `${top}px`;
      placed.top = top;
    });
    // The margin's cards are out of the text's flow: the column keeps the editor's card tall enough to hold them.
    const height = `${bottom}px`;
    if (this.column.style.minHeight !== height) this.column.style.minHeight = height;
  }
}
