/** Why a value from outside (a form, an import, another peer) was refused; the compiler checks every code. */
export type DocumentErrorCode = 'invalid-field' | 'missing-field' | 'unknown-record' | 'read-only' | 'not-allowed';

export class DocumentError extends Error {
  override readonly name = 'DocumentError';
  constructor(
    readonly code: DocumentErrorCode,
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
  }
}
