/** Why a value from outside (a form, an import, another peer) was refused. */
export const DOCUMENT_ERRORS = {
  invalidField: 'invalid-field',
  missingField: 'missing-field',
  unknownRecord: 'unknown-record',
  readOnly: 'read-only',
  notAllowed: 'not-allowed',
} as const;
export type DocumentErrorCode = (typeof DOCUMENT_ERRORS)[keyof typeof DOCUMENT_ERRORS];

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
