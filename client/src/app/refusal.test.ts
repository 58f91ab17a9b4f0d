import { describe, expect, it, vi } from 'vitest';
import { DocumentError } from '@trellis/shared';
import { refusal, refusalMessage } from './refusal.ts';

describe('refusal', () => {
  it('passes a DocumentError’s words on to the person and returns null when the change went through', () => {
    expect(refusal(() => {})).toBeNull();
    expect(refusal(() => { throw new DocumentError('invalid-field', 'name must be filled in', 'name'); })).toBe('name must be filled in');
  });

  it('never shows a bug’s internals, and logs it', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(refusalMessage(new TypeError('cannot read properties of undefined (reading "x")'))).toMatch(/^Something went wrong, and nothing was changed/);
    expect(log).toHaveBeenCalledTimes(1);
    log.mockRestore();
  });
});
