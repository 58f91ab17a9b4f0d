import { describe, expect, it } from 'vitest';
import { EXIT_PLAN, GOVERNANCE, PARTNER } from '@trellis/shared';
import { linesProblem, numberProblem, textProblem } from './fieldProblem.ts';

describe('defect 6: field-level messages in the field’s own units, never a class name', () => {
  it('says a quorum of 150 is out of range in percent, as the field shows it', () => {
    expect(numberProblem(GOVERNANCE.quorum.read, '150', { label: 'Quorum', unit: '%', scale: 100 })).toBe('Quorum must be from 1 to 100 %.');
    expect(numberProblem(GOVERNANCE.quorum.read, '67', { label: 'Quorum', unit: '%', scale: 100 })).toBeNull();
    expect(numberProblem(GOVERNANCE.quorum.read, '', { label: 'Quorum', unit: '%', scale: 100 })).toBe('Quorum needs a number: from 1 to 100 %.');
  });

  it('says days must be whole and in range', () => {
    const words = { label: 'Notice period', unit: 'days' };
    expect(numberProblem(EXIT_PLAN.noticePeriodDays.read, '2.5', words)).toBe('Notice period must be a whole number from 0 to 3,650 days.');
    expect(numberProblem(EXIT_PLAN.noticePeriodDays.read, '90', words)).toBeNull();
  });

  it('names the line of a partner name that is too long, and its length', () => {
    const lines = ['LogiCorp', '', 'x'.repeat(214)].join('\n');
    const message = linesProblem(PARTNER.name.read, lines, 'a partner name');
    expect(message).toBe('Line 3 is 214 characters long; a partner name may be at most 200.');
    expect(message).not.toMatch(/Error/);
    expect(linesProblem(PARTNER.name.read, 'LogiCorp\nTechCo', 'a partner name')).toBeNull();
  });

  it('says an empty required text is empty', () => {
    expect(textProblem(PARTNER.name.read, '   ', { label: 'Partner name' })).toBe('Partner name is empty: fill it in.');
  });
});
