/** The governance settings as stored: one key per category's rule, so concurrent edits merge (GOVDOC-1). */
import type * as Y from 'yjs';
import { DECISION_CATEGORIES, DECISION_RULES, DEFAULT_RULES, GOVERNANCE, type DecisionCategory, type Governance } from '../schema.ts';
import { DocumentError } from './documentError.ts';
import { defaultGovernance } from '../method/governance.ts';
import { oneOf, readPatch, readStored, readStoredFields } from './fields.ts';
import type { Records } from './records.ts';

const rule = oneOf(DECISION_RULES);
const ruleKey = (category: DecisionCategory) => `${category}Rule`;
const settings = (records: Records): Y.Map<unknown> => records.doc.getMap('governance');

export function writeDefaultGovernance(records: Records): void {
  const map = settings(records);
  const defaults = defaultGovernance();
  for (const category of DECISION_CATEGORIES) map.set(ruleKey(category), defaults.rules[category]);
  for (const key of Object.keys(GOVERNANCE) as (keyof typeof GOVERNANCE)[]) map.set(key, defaults[key]);
}

export function readGovernance(records: Records): Governance {
  const map = settings(records);
  const rules = {} as Governance['rules'];
  for (const category of DECISION_CATEGORIES) {
    // Stryker disable next-line BooleanLiteral: readStored reads a declaration's `read` and `fallback`, never `optional`
    rules[category] = readStored(map.get(ruleKey(category)), { read: rule, optional: true, fallback: DEFAULT_RULES[category] });
  }
  return { rules, ...readStoredFields((key) => map.get(key), GOVERNANCE) };
}

export function updateGovernance(records: Records, patch: Partial<Governance>): void {
  const map = settings(records);
  const source = (typeof patch === 'object' && patch !== null ? patch : {}) as Record<string, unknown>;
  if (Object.prototype.hasOwnProperty.call(source, 'rules') && source['rules'] !== undefined) {
    const rules = source['rules'];
    if (typeof rules !== 'object' || rules === null) throw new DocumentError('invalid-field', 'rules must be an object', 'rules');
    for (const category of DECISION_CATEGORIES) {
      const given = (rules as Record<string, unknown>)[category];
      if (given !== undefined) map.set(ruleKey(category), rule(given, `rules.${category}`));
    }
  }
  const changes = readPatch(source, GOVERNANCE, ['quorum', 'leadPartnerId', 'operationalTimeLimitDays', 'steeringTimeLimitDays', 'vetoCategories']);
  if (changes.leadPartnerId) records.partners.require(changes.leadPartnerId);
  for (const [key, value] of Object.entries(changes)) map.set(key, value);
}
