import { DocumentError } from '@trellis/shared';

/**
 * What to tell a person when a change was refused. A DocumentError's message is written for people
 * (which field, what it must be); anything else is a bug: logged, and reported without internals.
 */
export function refusalMessage(error: unknown): string {
  if (error instanceof DocumentError) return error.message;
  console.error('Trellis: a change failed', error);
  return 'Something went wrong, and nothing was changed. Try again; if it keeps happening, reload the page.';
}

/** Runs one change to the alliance; the reason it was refused, or null when it went through. */
export function refusal(change: () => void): string | null {
  try {
    change();
    return null;
  } catch (error) {
    return refusalMessage(error);
  }
}
