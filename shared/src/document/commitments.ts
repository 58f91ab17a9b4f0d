/** Commitments: made, changed, and resolved; a resolution records its trust entry (REC-4, REC-5). */
import { trustEntryForCommitment } from '../method/trust.ts';
import { withMarks } from '../method/commitments.ts';
import { COMMITMENT, LIMITS, type Commitment } from '../schema.ts';
import { DocumentError } from './documentError.ts';
import { oneOf, readInput, text } from './fields.ts';
import { pickKnown, type Records } from './records.ts';

export type NewCommitment = Pick<Commitment, 'partnerId' | 'text' | 'dueAt'>;
export type CommitmentChanges = Partial<Pick<Commitment, 'text' | 'dueAt'>>;
export type Resolution = 'delivered' | 'missed' | 'cancelled';
const RESOLUTIONS = ['delivered', 'missed', 'cancelled'] as const satisfies readonly Resolution[];

export function addCommitment(records: Records, input: NewCommitment): Commitment {
  const fields = readInput(
    { ...pickKnown(input, ['partnerId', 'text', 'dueAt']), createdAt: records.now(), status: 'open', resolvedAt: null },
    COMMITMENT,
    // Stryker disable next-line StringLiteral: readInput names the input only when it is not an object, and this is one
    'commitment',
  );
  records.partners.require(fields.partnerId);
  return records.commitments.insert(records.newId(), fields);
}

export function updateCommitment(records: Records, id: string, patch: CommitmentChanges): void {
  records.commitments.update(id, patch, ['text', 'dueAt']);
}

/**
 * Closes a commitment; delivering or missing it records the matching trust entry in the same transaction. Its own
 * partner (`recordedBy`, or an older partnerless link) writes the status; another partner only adds its trust entry,
 * which marks it (COMMIT-4, AUTH-8).
 */
export function resolveCommitment(records: Records, id: string, status: Resolution, by: string, recordedBy: string | null = null): void {
  const stored = records.commitments.get(id);
  if (!stored) throw new DocumentError('unknown-record', `No commitment with id ${id}`, 'id');
  const [commitment] = withMarks([stored], records.trust.list());
  const outcome = oneOf(RESOLUTIONS)(status, 'status');
  if (commitment!.status !== 'open') {
    throw new DocumentError('not-allowed', `This commitment is already ${commitment!.status}`, 'status');
  }
  const marking = recordedBy !== null && recordedBy !== stored.partnerId;
  if (marking && outcome === 'cancelled') throw new DocumentError('not-allowed', 'Only the partner who promised can cancel a commitment', 'status');
  // Every input is read before the first write: a Yjs transaction is not rolled back by a throw, so a refusal
  // after the status was set would leave a delivered commitment without its trust entry.
  const who = text(LIMITS.name)(by, 'by');
  const at = records.now();
  if (!marking) {
    records.commitments.set(id, 'status', outcome);
    records.commitments.set(id, 'resolvedAt', at);
  }
  if (outcome !== 'cancelled') {
    const entry = trustEntryForCommitment(stored, outcome, { at, by: who, recordedBy });
    records.trust.append({ ...entry, id: records.newId() });
  }
}
