/** Whether a sideways-scrolling box hides content before (left) or after (right) what it shows. */
export interface HiddenSides {
  before: boolean;
  after: boolean;
}

/** A pixel of slack: browsers round scroll positions, and a box that fits must not show a cue. */
export function hiddenSides(box: { scrollLeft: number; scrollWidth: number; clientWidth: number }): HiddenSides {
  return {
    before: box.scrollLeft > 1,
    after: box.scrollLeft + box.clientWidth < box.scrollWidth - 1,
  };
}
