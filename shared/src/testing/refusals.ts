import { DocumentError } from '../document/documentError.ts';

/** The DocumentError a write throws. The test fails if it throws nothing, or anything else (a bug, not a refusal). */
export function errorOf(fn: () => unknown): DocumentError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DocumentError) return error;
    throw error;
  }
  throw new Error('expected a DocumentError');
}

/** What a refusal tells the person whose write it refused: its code, its words and the field they go beside. */
export function refusal(fn: () => unknown): { code: string; message: string; field: string | null } {
  const error = errorOf(fn);
  return { code: error.code, message: error.message, field: error.field };
}
