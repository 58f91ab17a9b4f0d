import { describe, expect, it } from 'vitest';
import { removalWarning } from './removal.ts';

const joined = { registered: true, pendingChanges: 0, role: 'edit' as const, refusedCode: null };

describe('walk-through defect 8: removing an alliance from this device says what it costs first', () => {
  it('a link that brought nothing: only the link is forgotten', () => {
    expect(removalWarning(joined, false)).toBe('Nothing of it is on this device yet: removing it forgets the link.');
  });

  it('an alliance made here and never registered: this is the only copy', () => {
    expect(removalWarning({ ...joined, registered: false, role: 'owner', pendingChanges: 4 }, true)).toMatch(/^It has never reached the relay: this device holds its only copy/);
  });

  it('a synced copy: the relay and the partners keep theirs', () => {
    expect(removalWarning(joined, true)).toBe('Its copy on this device is deleted; the relay and your partners keep theirs.');
  });

  it('names unsent changes and the owner link, unless the relay refused the link', () => {
    expect(removalWarning({ ...joined, pendingChanges: 1 }, true)).toContain(' 1 change made here has not reached the relay and is lost.');
    expect(removalWarning({ ...joined, pendingChanges: 3, role: 'owner' }, true)).toBe(
      'Its copy on this device is deleted; the relay and your partners keep theirs. 3 changes made here have not reached the relay and are lost. This device holds an owner link: without a copy of it, you cannot manage the alliance’s links again.',
    );
    expect(removalWarning({ ...joined, pendingChanges: 3, role: 'owner', refusedCode: 4403 }, true)).toBe('Its copy on this device is deleted; the relay and your partners keep theirs.');
  });
});
