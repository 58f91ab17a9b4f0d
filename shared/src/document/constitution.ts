/** Constitution changes as decisions: proposed with the change they carry, applied when they pass (CHG-1 .. CHG-3). */
import { describeChange, expectedEffect, honestValue } from '../method/constitution.ts';
import { constitutionChange, RATIFICATION_CATEGORY, type ConstitutionChange, type Decision } from '../schema.ts';
import { CHARTER_RATIFICATIONS_ROOT, listCharterRatifications, ratifiableContent } from './charterRatification.ts';
import { listCharterVersions } from './charterHistory.ts';
import { proposeDecision, readDecision, type NewDecision } from './decisions.ts';
import { DocumentError } from './documentError.ts';
import { readGovernance } from './governanceSettings.ts';
import type { Records } from './records.ts';

export type NewChangeProposal = Omit<NewDecision, 'change' | 'title'> & { change: ConstitutionChange; title?: string };

/**
 * Opens a decision carrying a constitution change; its title says what changes against the settings in force
 * ("Change quorum from 67 % to 50 %") unless one is given, and its body states it too, so voters see exactly what.
 */
export function proposeChange(records: Records, input: NewChangeProposal): Decision {
  const change = constitutionChange(input.change, 'change');
  if ('partnerId' in change && change.partnerId !== null) records.partners.require(change.partnerId);
  // RAT-1: a version the history holds, with the hash of its text, decided as the charter's category decides.
  if (change.kind === 'ratify-charter' && ratifiableContent(records, change) === null) {
    throw new DocumentError('not-allowed', 'This version of the charter is no longer in its history, or its text does not match its hash.', 'change');
  }
  const category = change.kind === 'ratify-charter' ? RATIFICATION_CATEGORY : input.category;
  const view = { partners: records.partners.list(), governance: readGovernance(records) };
  const described = describeChange(change, view);
  const body = input.body ? `${described}.\n\n${input.body}` : `${described}.`;
  return proposeDecision(records, { ...input, category, title: input.title ?? described, body, change });
}

/**
 * Closes a decision that passed under the rules in force at `now` and writes its change, its outcome, status and
 * `appliedAt`: the very writes `expectedEffect` allows, so the relay admits them (CHG-3). Refuses a decision that has not
 * passed (pending, rejected, vetoed, ...), or that carries no change or was applied already.
 */
export function applyPassedDecision(records: Records, decisionId: string, now: number): void {
  const decisions = records.decisions.list().map((fields) => readDecision(records, fields));
  const view = {
    partners: records.partners.list(),
    governance: readGovernance(records),
    decisions,
    charterVersions: listCharterVersions(records),
    charterRatifications: listCharterRatifications(records),
  };
  const decision = decisions.find((d) => d.id === decisionId);
  if (!decision) throw new DocumentError('unknown-record', `No decision with id ${decisionId}`, 'decisionId');
  const writes = expectedEffect(decisionId, view, now);
  if (decision.change === null || decision.appliedAt !== null || !writes?.some((w) => w.place.kind === 'decision' && w.place.field === 'appliedAt')) {
    throw new DocumentError('not-allowed', `"${decision.title}" has not passed under the rules in force, so nothing changes`, 'decisionId');
  }
  // A ratification copies the ratified text into its record (RAT-2): without the version, nothing is closed.
  const ratified = decision.change.kind === 'ratify-charter' ? ratifiableContent(records, decision.change) : null;
  if (decision.change.kind === 'ratify-charter' && (ratified === null || !writes.some((w) => w.place.kind === 'charterRatification'))) {
    throw new DocumentError('not-allowed', `The version "${decision.title}" ratifies is no longer in the charter's history`, 'decisionId');
  }
  for (const { place, accepts } of writes) {
    const value = honestValue(accepts, now);
    if (place.kind === 'governance') records.doc.getMap('governance').set(place.field, value);
    else if (place.kind === 'partner' && place.field !== null) records.partners.require(place.partnerId).set(place.field, value);
    else if (place.kind === 'decision' && place.field !== null) records.decisions.require(place.decisionId).set(place.field, value);
    else if (place.kind === 'charterRatification') records.doc.getMap(CHARTER_RATIFICATIONS_ROOT).set(place.decisionId, { ...(value as object), content: ratified });
    else throw new Error(`A decision's effect writes an unexpected place: ${place.kind}`);
  }
}
