import { describe, expect, it } from 'vitest';
import { dateInputAfter, fromDateInput, toDateInput } from './dateInput.ts';

describe('date inputs', () => {
  it('round-trips a local day', () => {
    const at = new Date(2026, 2, 14, 15, 30).getTime();
    expect(toDateInput(at)).toBe('2026-03-14');
    expect(toDateInput(fromDateInput('2026-03-14', 'start')!)).toBe('2026-03-14');
    expect(toDateInput(fromDateInput('2026-03-14', 'end')!)).toBe('2026-03-14');
  });

  it('a deadline runs through the whole day; an exit takes effect at its start', () => {
    const start = fromDateInput('2026-03-14', 'start')!;
    const end = fromDateInput('2026-03-14', 'end')!;
    expect(new Date(start).getHours()).toBe(0);
    expect(end - start).toBe(new Date(2026, 2, 15).getTime() - start - 1);
  });

  it('refuses days that do not exist and malformed values', () => {
    expect(fromDateInput('2026-02-31', 'end')).toBeNull();
    expect(fromDateInput('', 'end')).toBeNull();
    expect(fromDateInput('14/03/2026', 'start')).toBeNull();
  });

  it('counts days forward across a month end', () => {
    expect(dateInputAfter(new Date(2026, 0, 30, 12).getTime(), 3)).toBe('2026-02-02');
  });
});
