/** Check-ins and realignment reviews: append-only logs of how the partners see the alliance (REC-6). */
import { CHECK_IN, REVIEW, type CheckIn, type Review } from '../schema.ts';
import { readInput } from './fields.ts';
import { pickKnown, type Records } from './records.ts';

export type NewCheckIn = Pick<CheckIn, 'partnerId' | 'by' | 'scores'> & { note?: string };
export type NewReview = Pick<Review, 'by' | 'fit'> & Partial<Pick<Review, 'notes' | 'agreedChanges'>>;

export function recordCheckIn(records: Records, input: NewCheckIn): CheckIn {
  const entry = readInput(
    { ...pickKnown(input, ['partnerId', 'by', 'scores', 'note']), id: records.newId(), at: records.now() },
    CHECK_IN,
    // Stryker disable next-line StringLiteral: readInput names the input only when it is not an object, and this is one
    'check-in',
  );
  records.partners.require(entry.partnerId);
  return records.checkins.append(entry);
}

export function recordReview(records: Records, input: NewReview): Review {
  const review = readInput(
    { ...pickKnown(input, ['by', 'fit', 'notes', 'agreedChanges']), id: records.newId(), at: records.now() },
    REVIEW,
    // Stryker disable next-line StringLiteral: readInput names the input only when it is not an object, and this is one
    'review',
  );
  for (const partnerId of Object.keys(review.fit)) records.partners.require(partnerId);
  return records.reviews.append({ ...review, fit: { ...review.fit } });
}
