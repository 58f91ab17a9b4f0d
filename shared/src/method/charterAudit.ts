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
import { FULL_CHARTER_TEMPLATE, LIGHT_CHARTER_TEMPLATE } from '../document/charter.ts';
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
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives})[\\p{L}\\p{N}]*`, 'giu');
}

/**
 * A mention denied in its own clause does not cover anything (AUDIT-7): "we will never decide", "there
 * is no notice", "no formal conflict process". The negation must come right before the words, or with
 * one filler between, within the clause (a stop, semicolon or colon ends it).
 */
const NEGATED_BEFORE =
  /(?<![\p{L}\p{N}])(?:no|not|never|without|nor|none|cannot|can't|won't|don't|doesn't|isn't|aren't)\s+(?:(?:any|a|an|the|formal|clear|real|such|written|agreed|shared|common|proper)\s+)?$/iu;
const CLAUSE_END = /[.;:!?\n]/g;

function negated(text: string, at: number): boolean {
  const before = text.slice(0, at);
  let clauseStart = 0;
  for (const end of before.matchAll(CLAUSE_END)) clauseStart = end.index + 1;
  return NEGATED_BEFORE.test(before.slice(clauseStart));
}

/** The first mention in `text` that is not denied, or null; `denialAffirms` for a clause that is itself a prohibition. */
function affirmedMention(re: RegExp, text: string, denialAffirms = false): string | null {
  for (const found of text.matchAll(re)) {
    if (denialAffirms || !negated(text, found.index)) return found[0];
  }
  return null;
}

/** Essentials that are prohibitions: "no disparagement" or "do not disparage" is the clause itself. */
const PROHIBITIONS: ReadonlySet<Essential> = new Set(['exit-non-disparagement']);

const normalized = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();

/** The starting charters' draft clauses, to tell text the partners have not yet made their own (AUDIT-8). */
const TEMPLATE_TEXTS: ReadonlySet<string> = new Set(
  [...FULL_CHARTER_TEMPLATE, ...LIGHT_CHARTER_TEMPLATE].filter((b) => b.type !== 'heading').map((b) => normalized(b.text)),
);

/** Whether a block still holds a starting charter's draft clause, word for word (AUDIT-8). */
export function isTemplateDraft(block: Pick<CharterBlock, 'type' | 'text'>): boolean {
  return block.type !== 'heading' && TEMPLATE_TEXTS.has(normalized(block.text));
}

const ESSENTIAL_RES: Record<Essential, RegExp> = Object.fromEntries(
  ESSENTIALS.map((e) => [e, phraseRegExp(ESSENTIAL_PHRASES[e])]),
) as Record<Essential, RegExp>;

/** Whether light mode fits (AUDIT-5), and what it was judged on, so the app can say why it does not. */
export interface LightModeFit {
  fits: boolean;
  /** Expected to end less than six months after creation. */
  shortLived: boolean;
  /** Partners still in it at `now`. */
  partnersIn: number;
}

/**
 * Whether a light alliance fits (AUDIT-5): expected to last under six months, or fewer than three
 * partners still in it at `now`. The alliance records partners, not people, so partners stand in
 * for "under three people".
 */
export function lightModeFit(
  meta: Pick<AllianceMeta, 'createdAt' | 'expectedEndAt'>,
  partners: readonly Pick<Partner, 'status' | 'exitEffectiveAt'>[],
  now: Millis,
): LightModeFit {
  const shortLived = meta.expectedEndAt !== null && meta.expectedEndAt < addMonthsUtc(meta.createdAt, 6);
  const partnersIn = partners.filter(
    (p) => p.status !== 'exited' && !(p.exitEffectiveAt !== null && p.exitEffectiveAt <= now),
  ).length;
  return { fits: shortLived || partnersIn < 3, shortLived, partnersIn };
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
  /** The block that covers it is still the starting charter's draft clause, word for word (AUDIT-8). */
  draft: boolean;
}

export interface CharterAudit {
  /** Every essential, in ESSENTIALS order, required or not. */
  items: AuditItem[];
  /** Share of the required essentials covered, 0..1. */
  coverage: number;
  /** Required essentials not covered, in ESSENTIALS order. */
  missing: Essential[];
  /** `index` of every block still holding a starting charter's draft clause (AUDIT-8). */
  drafts: number[];
}

/**
 * Whether each block may count: paragraphs (and other text blocks) count (a blank one mentions nothing); a heading
 * counts only when something is written under it, so a template's empty headings do not pass (AUDIT-3).
 */
function countingBlocks(blocks: readonly CharterBlock[]): boolean[] {
  return blocks.map((b, i) => {
    if (b.type !== 'heading') return true;
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

/**
 * A paragraph that is a draft clause, or a heading whose section holds only draft clauses (AUDIT-8). A heading
 * covers only with text written under it (`countingBlocks`), so its section is never empty here.
 */
function coversWithDraft(blocks: readonly CharterBlock[], i: number): boolean {
  const block = blocks[i]!;
  if (block.type !== 'heading') return isTemplateDraft(block);
  for (let j = i + 1; j < blocks.length; j++) {
    const next = blocks[j]!;
    if (next.type === 'heading') {
      if (next.level <= block.level) break;
      continue;
    }
    if (next.text.trim() === '') continue;
    if (!isTemplateDraft(next)) return false;
  }
  return true;
}

/** What the charter covers, where, and what it still misses for the alliance's mode (AUDIT-1 .. AUDIT-4). */
export function charterAudit(blocks: readonly CharterBlock[], mode: AllianceMode): CharterAudit {
  const counts = countingBlocks(blocks);
  const required = new Set<Essential>(mode === 'light' ? LIGHT_ESSENTIALS : ESSENTIALS);
  const items = ESSENTIALS.map((essential): AuditItem => {
    let blockIndex: number | null = null;
    let match: string | null = null;
    let draft = false;
    // Stryker disable next-line EqualityOperator: `counts` has no entry past the end, so that block is skipped
    for (let i = 0; i < blocks.length && blockIndex === null; i++) {
      if (!counts[i]) continue;
      const found = affirmedMention(ESSENTIAL_RES[essential], blocks[i]!.text, PROHIBITIONS.has(essential));
      if (found !== null) {
        blockIndex = blocks[i]!.index;
        match = found.replace(/\s+/g, ' ');
        draft = coversWithDraft(blocks, i);
      }
    }
    return {
      essential,
      label: ESSENTIAL_LABELS[essential],
      required: required.has(essential),
      covered: blockIndex !== null,
      blockIndex,
      match,
      draft,
    };
  });
  const req = items.filter((i) => i.required);
  const missing = req.filter((i) => !i.covered).map((i) => i.essential);
  const drafts = blocks.filter((b) => isTemplateDraft(b)).map((b) => b.index);
  // Stryker disable next-line ConditionalExpression,EqualityOperator: every mode requires at least three essentials, so req is never empty
  return { items, coverage: req.length > 0 ? (req.length - missing.length) / req.length : 1, missing, drafts };
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
  /** `silent`: the charter never names the rule (AUDIT-6); `contradicts`: it names another for this category (AUDIT-9). */
  kind: 'silent' | 'contradicts';
  message: string;
}

/** How the charter names each category of decision. */
const CATEGORY_PATTERNS: Readonly<Record<DecisionCategory, RegExp>> = {
  strategic: /strateg/i,
  execution: /execution|day[\s-]to[\s-]day|operational/i,
  critical: /critical/i,
};

const RULES = Object.keys(RULE_PATTERNS) as DecisionRule[];

/** The rules a clause names and does not deny ("not by majority" names none). */
function rulesNamed(clause: string): DecisionRule[] {
  return RULES.filter((rule) => {
    const re = new RegExp(RULE_PATTERNS[rule].source, 'giu');
    return affirmedMention(re, clause) !== null;
  });
}

/**
 * Where the charter and the governance settings disagree. A sentence about one category that names
 * another rule, and no sentence about it naming the set one, contradicts the settings (AUDIT-9:
 * critical set to consensus while the charter says "critical decisions need a weighted majority").
 * Otherwise each category's rule should at least be named somewhere (AUDIT-6). A blank charter gives
 * no notes: the audit already says decision-making is missing.
 */
export function governanceConsistency(
  blocks: readonly CharterBlock[],
  governance: Pick<Governance, 'rules'>,
): GovernanceMismatch[] {
  const text = blocks.map((b) => b.text).join('\n');
  if (text.trim() === '') return [];
  // Stryker disable next-line Regex: split on each stop, a run of stops gives empty sentences, which are about no category
  const sentences = text.split(/[.;!?\n]+/);
  return DECISION_CATEGORIES.flatMap((category): GovernanceMismatch[] => {
    const rule = governance.rules[category];
    const words = RULE_WORDS[rule];
    const about = sentences.filter(
      (sentence) => CATEGORY_PATTERNS[category].test(sentence) && DECISION_CATEGORIES.every((other) => other === category || !CATEGORY_PATTERNS[other].test(sentence)),
    );
    const named = about.flatMap(rulesNamed);
    // Only read when the set rule is not among those named: the others are then all of them.
    const others = [...new Set(named)];
    if (others.length > 0 && !named.includes(rule)) {
      const said = others.map((r) => `“${RULE_WORDS[r]}”`).join(' or ');
      return [{ category, rule, kind: 'contradicts', message: `The governance settings decide ${category} matters by ${words}, but the charter says ${said} for them.` }];
    }
    if (RULE_PATTERNS[rule].test(text)) return [];
    return [{ category, rule, kind: 'silent', message: `The governance settings decide ${category} matters by ${words}, but the charter never says “${words}”.` }];
  });
}

/** "a notice period of 90 days", "90 days' notice", "notice of 90 days", "a 90-day notice": the days said, in group 1 or 2. */
const NOTICE_DAYS = /notice(?:\s+period)?\s+of\s+(\d{1,4})\s*days?\b|\b(\d{1,4})[\s-]*days?['’]?\s+(?:of\s+)?(?:written\s+|prior\s+)?notice/giu;

/**
 * Where the charter and the exit plan disagree on the notice period (AUDIT-10): the charter names a number of days of
 * notice, and none of the numbers it names is the plan's. Null when they agree or the charter names none.
 */
export function exitNoticeConsistency(blocks: readonly CharterBlock[], plan: { noticePeriodDays: number }): string | null {
  const said = [...blocks.map((b) => b.text).join('\n').matchAll(NOTICE_DAYS)].map((m) => Number(m[1] ?? m[2]));
  if (said.length === 0 || said.includes(plan.noticePeriodDays)) return null;
  const days = [...new Set(said)].map((n) => `${n} days`).join(' or ');
  return `The charter says a notice period of ${days}, but the exit plan says ${plan.noticePeriodDays} days. Change one, so that both say the same.`;
}
