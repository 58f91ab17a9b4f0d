import { DocumentError, type Field, type FieldBounds } from '@trellis/shared';

/**
 * What is wrong with a form field's value, said next to the field in its own words and units. Whether a value
 * is accepted is the document's validator's call (declared once in shared/); only the wording is here.
 */
export interface FieldWords {
  /** The field as its label names it: "Quorum", "Line 3". */
  label: string;
  /** The unit shown beside the field: "%", "days". */
  unit?: string;
  /** Shown value = stored value × scale (a quorum of 0.67 is shown as 67 %). */
  scale?: number;
}

/** Null when the validator accepts the number typed (once scaled back); otherwise what to type instead. */
export function numberProblem(read: Field<number>, typed: string, words: FieldWords): string | null {
  const scale = words.scale ?? 1;
  if (typed.trim() === '') return `${words.label} needs a number${range(read.bounds, words) ? `: ${range(read.bounds, words)}` : ''}.`;
  const shown = Number(typed);
  if (!accepts(read, Number.isFinite(shown) ? shown / scale : Number.NaN)) return `${words.label} must be ${range(read.bounds, words) ?? 'a number'}.`;
  return null;
}

/** Null when the validator accepts the text; otherwise how long it is against how long it may be. */
export function textProblem(read: Field<string>, typed: string, words: { label: string; noun?: string }): string | null {
  if (accepts(read, typed)) return null;
  const { minLength = 0, maxLength } = read.bounds ?? {};
  if (maxLength !== undefined && typed.length > maxLength) {
    return `${words.label} is ${typed.length} characters long; ${words.noun ?? 'it'} may be at most ${maxLength}.`;
  }
  if (typed.trim().length < minLength) return minLength === 1 ? `${words.label} is empty: fill it in.` : `${words.label} needs at least ${minLength} characters.`;
  return `${words.label} is not accepted.`;
}

/** The first line of a one-per-line field that the validator refuses, said by its line number (`noun`: "a partner name"). Blank lines are skipped. */
export function linesProblem(read: Field<string>, typed: string, noun: string): string | null {
  const lines = typed.split('\n');
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const problem = textProblem(read, line.trim(), { label: `Line ${i + 1}`, noun });
    if (problem) return problem;
  }
  return null;
}

function accepts<T>(read: Field<T>, value: unknown): boolean {
  try {
    read(value, 'value');
    return true;
  } catch (error) {
    if (error instanceof DocumentError) return false;
    throw error;
  }
}

function range(bounds: FieldBounds | undefined, words: FieldWords): string | null {
  if (bounds?.min === undefined || bounds.max === undefined) return null;
  const scale = words.scale ?? 1;
  const shown = (n: number) => Number((n * scale).toPrecision(6)).toLocaleString('en-US');
  const unit = words.unit ? (words.unit === '%' ? ' %' : ` ${words.unit}`) : '';
  return `${bounds.integer ? 'a whole number ' : ''}from ${shown(bounds.min)} to ${shown(bounds.max)}${unit}`;
}
