/**
 * The charter audit: which essentials the charter text covers, and where.
 * Rules AUDIT-1 .. AUDIT-6 in shared/METHOD.md.
 */
import type {
  AllianceMeta,
  AllianceMode,
  CharterBlock,
  DecisionCategory,
  DecisionRule,
  Governance,
  Millis,
  Partner,
} from '../schema.ts';
import { DECISION_CATEGORIES } from '../schema.ts';
import { addMonthsUtc } from './calendar.ts';
import { RULE_WORDS } from '../vocabulary.ts';

export const ESSENTIALS = [
  'decision-making',
  'escalation-path',
  'conflict-resolution',
  'information-flow',
  'exit-notice',
  'exit-assets',
  'exit-non-disparagement',
  'minority-protection',
  'force-majeure',
] as const;
export type Essential = (typeof ESSENTIALS)[number];

/** The users' words for each essential. */
export const ESSENTIAL_LABELS: Readonly<Record<Essential, string>> = {
  'decision-making': 'How decisions are made',
  'escalation-path': 'Escalation path',
  'conflict-resolution': 'Conflict resolution',
  'information-flow': 'Information flows and communication',
  'exit-notice': 'Exit: notice period',
  'exit-assets': 'Exit: division of shared assets',
  'exit-non-disparagement': 'Exit: non-disparagement',
  'minority-protection': 'Minority protection',
  'force-majeure': 'Force majeure',
};

/**
 * Phrases that show an essential is covered (AUDIT-2). Each matches at the start of a word and runs
 * to the end of it, so "escalat" finds "escalation" but "decision" does not find "indecision".
 */
export const ESSENTIAL_PHRASES: Readonly<Record<Essential, readonly string[]>> = {
  'decision-making': ['decision', 'decide', 'vote', 'voting', 'consensus', 'majority', 'quorum'],
  'escalation-path': ['escalat', 'steering committee'],
  'conflict-resolution': ['conflict', 'dispute', 'mediat', 'disagree'],
  'information-flow': ['information', 'communicat', 'reporting'],
  'exit-notice': ['notice period', 'notice'],
  'exit-assets': ['asset', 'intellectual property', 'shared data'],
  'exit-non-disparagement': ['disparag'],
  'minority-protection': ['minority', 'veto'],
  'force-majeure': ['force majeure'],
};

/** The one-page agreement of light mode: decision-making, communication, exit (AUDIT-4). */
export const LIGHT_ESSENTIALS: readonly Essential[] = ['decision-making', 'information-flow', 'exit-notice'];

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function phraseRegExp(phrases: readonly string[]): RegExp {
  const alternatives = phrases.map((p) => escapeRegExp(p).replace(/ /g, '\\s+')).join('|');
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives})[\\p{L}\\p{N}]*`, 'iu');
}

const ESSENTIAL_RES: Record<Essential, RegExp> = Object.fromEntries(
  ESSENTIALS.map((e) => [e, phraseRegExp(ESSENTIAL_PHRASES[e])]),
) as Record<Essential, RegExp>;

/**
 * Whether a light alliance fits (AUDIT-5): expected to last under six months, or fewer than three
 * partners still in it at `now`. The alliance records partners, not people, so partners stand in
 * for "under three people".
 */
export function isLightAlliance(
  meta: Pick<AllianceMeta, 'createdAt' | 'expectedEndAt'>,
  partners: readonly Pick<Partner, 'status' | 'exitEffectiveAt'>[],
  now: Millis,
): boolean {
  const short = meta.expectedEndAt !== null && meta.expectedEndAt < addMonthsUtc(meta.createdAt, 6);
  const present = partners.filter(
    (p) => p.status !== 'exited' && !(p.exitEffectiveAt !== null && p.exitEffectiveAt <= now),
  );
  return short || present.length < 3;
}

export interface AuditItem {
  essential: Essential;
  label: string;
  required: boolean;
  covered: boolean;
  /** `index` of the first block that covers it, or null. */
  blockIndex: number | null;
  /** The words found there, as written (e.g. "Escalation"), or null. */
  match: string | null;
}

export interface CharterAudit {
  /** Every essential, in ESSENTIALS order, required or not. */
  items: AuditItem[];
  /** Share of the required essentials covered, 0..1. */
  coverage: number;
  /** Required essentials not covered, in ESSENTIALS order. */
  missing: Essential[];
}

/**
 * Whether each block may count: paragraphs (and other text blocks) with text count; a heading counts
 * only when something is written under it, so a template's empty headings do not pass (AUDIT-3).
 */
function countingBlocks(blocks: readonly CharterBlock[]): boolean[] {
  return blocks.map((b, i) => {
    if (b.type !== 'heading') return b.text.trim() !== '';
    for (let j = i + 1; j < blocks.length; j++) {
      const next = blocks[j]!;
      if (next.type === 'heading') {
        if (next.level <= b.level) return false;
        continue;
      }
      if (next.text.trim() !== '') return true;
    }
    return false;
  });
}

/** What the charter covers, where, and what it still misses for the alliance's mode (AUDIT-1 .. AUDIT-4). */
export function charterAudit(blocks: readonly CharterBlock[], mode: AllianceMode): CharterAudit {
  const counts = countingBlocks(blocks);
  const required = new Set<Essential>(mode === 'light' ? LIGHT_ESSENTIALS : ESSENTIALS);
  const items = ESSENTIALS.map((essential): AuditItem => {
    let blockIndex: number | null = null;
    let match: string | null = null;
    for (let i = 0; i < blocks.length && blockIndex === null; i++) {
      if (!counts[i]) continue;
      const found = ESSENTIAL_RES[essential].exec(blocks[i]!.text);
      if (found) {
        blockIndex = blocks[i]!.index;
        match = found[0].replace(/\s+/g, ' ');
      }
    }
    return {
      essential,
      label: ESSENTIAL_LABELS[essential],
      required: required.has(essential),
      covered: blockIndex !== null,
      blockIndex,
      match,
    };
  });
  const req = items.filter((i) => i.required);
  const missing = req.filter((i) => !i.covered).map((i) => i.essential);
  return { items, coverage: req.length > 0 ? (req.length - missing.length) / req.length : 1, missing };
}

/** How each rule reads in a charter; weighted majority must not count as plain majority. */
const RULE_PATTERNS: Readonly<Record<DecisionRule, RegExp>> = {
  consensus: /consensus|unanim/i,
  majority: /(?<!weighted[\s-]*)majority/i,
  'weighted-majority': /weighted[\s-]+(?:majority|vot)|voting\s+weights?/i,
  'lead-partner': /lead[\s-]+partner/i,
};

export interface GovernanceMismatch {
  category: DecisionCategory;
  rule: DecisionRule;
  message: string;
}

/**
 * Notes each category whose rule (from the governance form) the charter text never mentions (AUDIT-6).
 * A blank charter gives no notes: the audit already says decision-making is missing.
 */
export function governanceConsistency(
  blocks: readonly CharterBlock[],
  governance: Pick<Governance, 'rules'>,
): GovernanceMismatch[] {
  const text = blocks.map((b) => b.text).join('\n');
  if (text.trim() === '') return [];
  return DECISION_CATEGORIES.flatMap((category) => {
    const rule = governance.rules[category];
    if (RULE_PATTERNS[rule].test(text)) return [];
    return [
      {
        category,
        rule,
        message: `The governance settings decide ${category} matters by ${RULE_WORDS[rule]}, but the charter never says “${RULE_WORDS[rule]}”.`,
      },
    ];
  });
}
