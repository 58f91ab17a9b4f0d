import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UndoOffer } from './undoOffer.svelte.ts';

describe('undoing a destructive action within the session', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs the reversal once, and only while offered', () => {
    const offer = new UndoOffer(1000);
    const undo = vi.fn();
    offer.offer({ message: 'Removed the interest', undo });
    expect(offer.take()).toBe(true);
    expect(offer.take()).toBe(false);
    expect(undo).toHaveBeenCalledTimes(1);

    offer.offer({ message: 'Removed again', undo });
    vi.advanceTimersByTime(1001);
    expect(offer.current).toBeNull();
    expect(offer.take()).toBe(false);
    expect(undo).toHaveBeenCalledTimes(1);
  });

  it('a later action replaces the offer, and a refused reversal says why', () => {
    const offer = new UndoOffer(1000, (e) => `Refused: ${(e as Error).message}`);
    const first = vi.fn();
    offer.offer({ message: 'first', undo: first });
    offer.offer({
      message: 'second',
      undo: () => {
        throw new Error('not yours');
      },
    });
    expect(offer.take()).toBe(false);
    expect(first).not.toHaveBeenCalled();
    expect(offer.failure).toBe('Refused: not yours');
  });

  it('is no longer offered once the method no longer allows the reversal', () => {
    const offer = new UndoOffer(1000);
    let allowed = true;
    const undo = vi.fn();
    offer.offer({ message: 'Proposed', undo, allowed: () => allowed });
    expect(offer.shown?.message).toBe('Proposed');
    allowed = false;
    expect(offer.shown).toBeNull();
    expect(offer.take()).toBe(false);
    expect(undo).not.toHaveBeenCalled();
  });
});
