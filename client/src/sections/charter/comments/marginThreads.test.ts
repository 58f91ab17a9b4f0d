import { describe, expect, it } from 'vitest';
import { GAP_PX, marginTops } from './marginThreads.ts';

describe('the margin beside the charter: where each paragraph\'s threads go', () => {
  it('level with their paragraph when the threads above end before it', () => {
    expect(marginTops([{ at: 10, height: 40 }, { at: 200, height: 30 }])).toEqual({ tops: [10, 200], bottom: 200 + 30 + GAP_PX });
  });

  it('just below the threads above when those reach past their paragraph, never over them', () => {
    expect(marginTops([{ at: 0, height: 300 }, { at: 100, height: 50 }, { at: 120, height: 10 }]).tops).toEqual([0, 300 + GAP_PX, 300 + GAP_PX + 50 + GAP_PX]);
  });

  it('a paragraph the editor no longer shows keeps its threads below the others; fractions of a pixel are rounded', () => {
    expect(marginTops([{ at: 20.4, height: 10 }, { at: null, height: 10 }]).tops).toEqual([20, 20 + 10 + GAP_PX]);
  });

  it('no threads: an empty margin', () => {
    expect(marginTops([])).toEqual({ tops: [], bottom: 0 });
  });
});
