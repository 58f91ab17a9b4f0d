/** The interest map: each partner's interests, and the links between them (REC-1, REC-2). */
import { compareText } from '../method/order.ts';
import { ALIGNMENT_LINK, INTEREST, type AlignmentLink, type Interest } from '../schema.ts';
import { DocumentError } from './documentError.ts';
import { readInput } from './fields.ts';
import { pickKnown, type Records } from './records.ts';

export type NewInterest = Pick<Interest, 'partnerId' | 'kind' | 'layer' | 'text'> & { priority?: number };
export type InterestChanges = Partial<Pick<Interest, 'kind' | 'layer' | 'text' | 'priority'>>;
export type NewLink = Pick<AlignmentLink, 'fromInterestId' | 'toInterestId' | 'relation'> & { note?: string };
export type LinkChanges = Partial<Pick<AlignmentLink, 'relation' | 'note' | 'resolution'>>;

export function addInterest(records: Records, input: NewInterest): Interest {
  const given = pickKnown(input, ['partnerId', 'kind', 'layer', 'text', 'priority']);
  // Stryker disable next-line StringLiteral: readInput names the input only when it is not an object, and this is one
  const fields = readInput(given, INTEREST, 'interest');
  records.partners.require(fields.partnerId);
  return records.interests.insert(records.newId(), fields);
}

export function updateInterest(records: Records, id: string, patch: InterestChanges): void {
  records.interests.update(id, patch, ['kind', 'layer', 'text', 'priority']);
}

export function removeInterest(records: Records, id: string): void {
  records.interests.require(id);
  removeInterestAndLinks(records, id);
}

export function removeInterestAndLinks(records: Records, interestId: string): void {
  records.interests.remove(interestId);
  for (const link of records.alignment.list()) {
    if (link.fromInterestId === interestId || link.toInterestId === interestId) records.alignment.remove(link.id);
  }
}

export function linkInterests(records: Records, input: NewLink): AlignmentLink {
  const given = pickKnown(input, ['fromInterestId', 'toInterestId', 'relation', 'note']);
  // Stryker disable next-line StringLiteral: readInput names the input only when it is not an object, and this is one
  const fields = readInput(given, ALIGNMENT_LINK, 'link');
  if (fields.fromInterestId === fields.toInterestId) {
    throw new DocumentError('invalid-field', 'An interest cannot be linked to itself', 'toInterestId');
  }
  records.interests.require(fields.fromInterestId);
  records.interests.require(fields.toInterestId);
  return records.alignment.insert(records.newId(), fields);
}

export function updateLink(records: Records, id: string, patch: LinkChanges): void {
  records.alignment.update(id, patch, ['relation', 'note', 'resolution']);
}

export function removeLink(records: Records, id: string): void {
  records.alignment.remove(id);
}

/**
 * The interests and links to show: a partner removed on one device while another added to it leaves orphans
 * after the merge, and they are hidden (REC-9). Interests by priority, then text.
 */
export function visibleInterestMap(records: Records, partnerIds: ReadonlySet<string>): { interests: Interest[]; alignment: AlignmentLink[] } {
  const interests = records.interests
    .list()
    .filter((i) => partnerIds.has(i.partnerId))
    .sort((a, b) => b.priority - a.priority || compareText(a.text, b.text));
  const interestIds = new Set(interests.map((i) => i.id));
  const alignment = records.alignment.list().filter((l) => interestIds.has(l.fromInterestId) && interestIds.has(l.toInterestId));
  return { interests, alignment };
}
