import { describe, expect, it } from 'vitest';
import { afterEvent } from './afterEvent.ts';

describe('afterEvent (walk-through defect 7: no state written inside Svelte’s own work)', () => {
  it('writes once, after the current work, however often it was asked', async () => {
    let writes = 0;
    const refresh = afterEvent(() => (writes += 1));
    refresh.schedule();
    refresh.schedule();
    expect(writes).toBe(0);
    await Promise.resolve();
    expect(writes).toBe(1);
    refresh.schedule();
    await Promise.resolve();
    expect(writes).toBe(2);
  });

  it('writes nothing once cancelled, even what was already asked', async () => {
    let writes = 0;
    const refresh = afterEvent(() => (writes += 1));
    refresh.schedule();
    refresh.cancel();
    await Promise.resolve();
    refresh.schedule();
    await Promise.resolve();
    expect(writes).toBe(0);
  });
});
