import { describe, expect, it } from 'vitest';
import { SECTIONS } from './router.svelte.ts';
import { tabForKey } from './sectionTabs.ts';
import { hiddenSides } from './scrollEdges.ts';

describe('the section bar as an ARIA tab list with arrow keys', () => {
  it('moves right and left, wrapping at the ends, and jumps with Home and End', () => {
    expect(tabForKey(SECTIONS, 'overview', 'ArrowRight')).toBe(SECTIONS[1]);
    expect(tabForKey(SECTIONS, 'overview', 'ArrowLeft')).toBe(SECTIONS.at(-1));
    expect(tabForKey(SECTIONS, SECTIONS.at(-1)!, 'ArrowRight')).toBe('overview');
    expect(tabForKey(SECTIONS, 'trust', 'Home')).toBe('overview');
    expect(tabForKey(SECTIONS, 'trust', 'End')).toBe(SECTIONS.at(-1));
    expect(tabForKey(SECTIONS, 'trust', 'a')).toBeNull();
  });
});

describe('defect 5: a row that scrolls sideways says so', () => {
  it('shows a cue on the side where content is hidden, and none when everything fits', () => {
    expect(hiddenSides({ scrollLeft: 0, scrollWidth: 1680, clientWidth: 1136 })).toEqual({ before: false, after: true });
    expect(hiddenSides({ scrollLeft: 544, scrollWidth: 1680, clientWidth: 1136 })).toEqual({ before: true, after: false });
    expect(hiddenSides({ scrollLeft: 200, scrollWidth: 1680, clientWidth: 1136 })).toEqual({ before: true, after: true });
    expect(hiddenSides({ scrollLeft: 0, scrollWidth: 1137, clientWidth: 1136 })).toEqual({ before: false, after: false });
  });
});
