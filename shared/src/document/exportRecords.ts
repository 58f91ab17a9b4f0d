import { em, heading, isoDate, paragraph, table, type Block } from './documentBlocks.ts';
import { compareText } from '../method/order.ts';
import { CHECKIN_DIMENSIONS, type AllianceSnapshot, type Id } from '../schema.ts';
import { CATEGORY_LABELS, CHOICE_LABELS, DIMENSION_LABELS, OUTCOME_LABELS } from '../vocabulary.ts';

/**
 * What the partners did under the charter, for the export (EXPORT-5): the realignment reviews, the decisions log,
 * the commitments and the check-ins, each in time order, each saying so when there is nothing yet.
 */

function nameOf(snap: AllianceSnapshot, id: Id): string {
  return snap.partners.find((p) => p.id === id)?.name ?? 'a former partner';
}

const orNothing = (rows: string[][], block: Block, nothing: string): Block => (rows.length > 0 ? block : paragraph(em(nothing)));

/** Every realignment review held, under Appendix F. */
export function realignmentReviews(snap: AllianceSnapshot): Block[] {
  const rows = snap.reviews.map((r) => [
    isoDate(r.at),
    Object.entries(r.fit)
      .map(([id, fit]) => `${nameOf(snap, id)} ${fit}/5`)
      .join(', '),
    r.notes,
    r.agreedChanges,
  ]);
  return [heading(3, 'Reviews held'), orNothing(rows, table(['Held on', 'Strategic fit', 'Notes', 'Agreed changes'], rows), 'No realignment review held yet.')];
}

export function appendixDecisions(snap: AllianceSnapshot): Block[] {
  // The snapshot lists the newest first; a log reads from the first.
  const rows = [...snap.decisions].reverse().map((d) => [
    isoDate(d.openedAt),
    d.title,
    CATEGORY_LABELS[d.category],
    d.status,
    d.outcome ? OUTCOME_LABELS[d.outcome] : 'not decided yet',
    Object.entries(d.votes)
      .map(([id, vote]) => `${nameOf(snap, id)}: ${CHOICE_LABELS[vote.choice].toLowerCase()}`)
      .sort(compareText)
      .join('; ') || 'no votes',
  ]);
  return [
    heading(2, 'Appendix G — Decisions log'),
    orNothing(rows, table(['Opened', 'Decision', 'Category', 'Status', 'Outcome', 'Votes'], rows), 'No decision proposed yet.'),
  ];
}

export function appendixCommitments(snap: AllianceSnapshot): Block[] {
  const rows = snap.commitments.map((c) => [
    nameOf(snap, c.partnerId),
    c.text,
    isoDate(c.dueAt),
    c.resolvedAt === null ? c.status : `${c.status} ${isoDate(c.resolvedAt)}`,
  ]);
  return [heading(2, 'Appendix H — Commitments'), orNothing(rows, table(['Partner', 'Commitment', 'Due', 'Status'], rows), 'No commitment recorded yet.')];
}

export function appendixCheckIns(snap: AllianceSnapshot): Block[] {
  const rows = snap.checkins.map((c) => [
    isoDate(c.at),
    nameOf(snap, c.partnerId),
    c.by,
    CHECKIN_DIMENSIONS.map((d) => `${DIMENSION_LABELS[d]} ${c.scores[d]}`).join(', '),
    c.note,
  ]);
  return [heading(2, 'Appendix I — Check-ins'), orNothing(rows, table(['Date', 'Partner', 'By', 'Scores (1 to 5)', 'Note'], rows), 'No check-in recorded yet.')];
}
