/** Arrow keys on the section bar (an ARIA tab list): Left and Right wrap around, Home and End go to the ends. */
export function tabForKey<T>(tabs: readonly T[], current: T, key: string): T | null {
  const i = tabs.indexOf(current);
  if (i < 0 || tabs.length === 0) return null;
  switch (key) {
    case 'ArrowRight':
      return tabs[(i + 1) % tabs.length]!;
    case 'ArrowLeft':
      return tabs[(i - 1 + tabs.length) % tabs.length]!;
    case 'Home':
      return tabs[0]!;
    case 'End':
      return tabs[tabs.length - 1]!;
    default:
      return null;
  }
}
