/** The trust account's writes: deposits and withdrawals, signed by kind (REC-3); the rules are in method/trust.ts. */
import { DEFAULT_TRUST_POINTS, isDeposit } from '../method/trust.ts';
import { TRUST_ENTRY, type TrustEntry, type TrustKind } from '../schema.ts';
import { DocumentError } from './documentError.ts';
import { readInput } from './fields.ts';
import { pickKnown, type Records } from './records.ts';

export interface NewTrustEntry {
  by: string;
  partnerId: string;
  toward?: string | null;
  kind: TrustKind;
  points?: number;
  note?: string;
  /** The partner whose link records it (AUTH-7). */
  recordedBy?: string | null;
}

export function recordTrust(records: Records, input: NewTrustEntry): TrustEntry {
  // Own properties only, and nothing read off a non-object (EDGE-1, EDGE-3).
  const given = pickKnown(input, ['kind', 'points']);
  const kind = TRUST_ENTRY.kind.read(given.kind, 'kind');
  const deposit = isDeposit(kind);
  const points = given.points ?? DEFAULT_TRUST_POINTS[kind];
  const entry = readInput(
    { ...pickKnown(input, ['by', 'partnerId', 'toward', 'note', 'recordedBy']), kind, points, id: records.newId(), at: records.now(), commitmentId: null },
    TRUST_ENTRY,
    // Stryker disable next-line StringLiteral: readInput names the input only when it is not an object, and this is one
    'trust entry',
  );
  if (deposit ? entry.points < 0 : entry.points > 0) {
    throw new DocumentError('invalid-field', deposit ? 'A deposit adds points' : 'A withdrawal takes points away', 'points');
  }
  records.partners.require(entry.partnerId);
  if (entry.toward !== null) records.partners.require(entry.toward);
  if (entry.recordedBy !== null) records.partners.require(entry.recordedBy);
  return records.trust.append(entry);
}
