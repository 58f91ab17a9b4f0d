/** The command bar's matching and arrow keys: pure. */
export interface Matchable {
  label: string;
  /** Other words a person may type for it (not shown). */
  keywords: string;
}

const words = (text: string) => text.toLocaleLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);

/**
 * The commands matching what was typed, best first: every typed word must begin a word of the label or its keywords.
 * A label that starts with the query comes first, then labels matching all words, then keyword matches; otherwise
 * the catalogue's order stands. An empty query lists everything.
 */
export function matchCommands<C extends Matchable>(commands: readonly C[], query: string): C[] {
  const typed = words(query);
  if (typed.length === 0) return [...commands];
  const whole = query.trim().toLocaleLowerCase();
  const scored: { command: C; score: number; index: number }[] = [];
  commands.forEach((command, index) => {
    const label = words(command.label);
    const all = [...label, ...words(command.keywords)];
    if (!typed.every((t) => all.some((w) => w.startsWith(t)))) return;
    const inLabel = typed.every((t) => label.some((w) => w.startsWith(t)));
    const score = command.label.toLocaleLowerCase().startsWith(whole) ? 0 : inLabel ? 1 : 2;
    scored.push({ command, score, index });
  });
  scored.sort((a, b) => a.score - b.score || a.index - b.index);
  return scored.map((s) => s.command);
}

/** The option an arrow key moves to in a list of `count` options, wrapping; null for other keys (Home and End stay the text field's). */
export function moveActive(current: number, count: number, key: string): number | null {
  if (count === 0) return null;
  switch (key) {
    case 'ArrowDown':
      return (current + 1) % count;
    case 'ArrowUp':
      return (current - 1 + count) % count;
    default:
      return null;
  }
}
