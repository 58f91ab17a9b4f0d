import * as Y from 'yjs';
import type { AllianceMode, CharterBlock } from '../schema.ts';
import { isSuggestedInsertion } from './charterSuggestions.ts';

type CharterNode = Y.XmlElement | Y.XmlText | Y.XmlHook;

/** The charter's top-level blocks as plain text, for the audit and exports; `textOf` may keep each block's text. */
export function charterBlocks(fragment: Y.XmlFragment, textOf: (node: CharterNode) => string = plainText): CharterBlock[] {
  return fragment.toArray().map((node, index) => {
    // Stryker disable next-line ConditionalExpression: text and hooks have no nodeName, so the element branch reads them as 'other' too
    if (node instanceof Y.XmlElement) {
      if (node.nodeName === 'heading') {
        const level = Number(node.getAttribute('level') ?? 1);
        return { index, type: 'heading', level: level >= 1 && level <= 6 ? level : 1, text: textOf(node) };
      }
      return { index, type: node.nodeName === 'paragraph' ? 'paragraph' : 'other', level: 0, text: textOf(node) };
    }
    return { index, type: 'other', level: 0, text: textOf(node) };
  });
}

/** A block's words as the partners read them: suggested insertions are not in the text until accepted. */
export function plainText(node: CharterNode | Y.XmlFragment): string {
  if (node instanceof Y.XmlText) {
    return (node.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[])
      .map((op) => (typeof op.insert === 'string' && !isSuggestedInsertion(op.attributes) ? op.insert : ''))
      .join('');
  }
  if (node instanceof Y.XmlElement || node instanceof Y.XmlFragment) {
    const parts = node.toArray().map((child) => plainText(child as Y.XmlElement | Y.XmlText));
    return parts.filter((p) => p.length > 0).join(' ');
  }
  return '';
}

export type TemplateBlock = { type: 'heading'; level: number; text: string } | { type: 'paragraph'; text: string };

/** Appends blocks in the node shape Tiptap's Collaboration extension (y-prosemirror) reads. */
export function appendCharterBlocks(fragment: Y.XmlFragment, blocks: readonly TemplateBlock[]): void {
  const nodes = blocks.map((block) => {
    const element = new Y.XmlElement(block.type);
    if (block.type === 'heading') element.setAttribute('level', block.level as unknown as string);
    const content = new Y.XmlText();
    content.insert(0, block.text);
    element.insert(0, [content]);
    return element;
  });
  fragment.insert(fragment.length, nodes);
}

/** A section's heading and a clause, as a charter written in code (the templates, the worked example) declares them. */
export const templateHeading = (text: string): TemplateBlock => ({ type: 'heading', level: 2, text });
export const templateParagraph = (text: string): TemplateBlock => ({ type: 'paragraph', text });
const h = templateHeading;
const p = templateParagraph;

/** A starting charter: draft clauses for every essential, for the partners to rewrite in their own terms. */
export const FULL_CHARTER_TEMPLATE: readonly TemplateBlock[] = [
  { type: 'heading', level: 1, text: 'Governance charter' },
  p('This charter is a living text. The partners revisit it at every realignment review.'),
  h('Purpose'),
  p('Why we are together: the shared goal no partner can reach alone.'),
  h('Decision-making'),
  p('Strategic decisions are made by consensus of all partners. Execution decisions are taken by the lead partner. Critical decisions need a weighted majority of the voting rights.'),
  h('Escalation path'),
  p('A disagreement goes first to the operational team. If it is not settled within the time limit, it escalates to the joint steering committee, where each partner votes with its predefined voting rights.'),
  h('Information flows'),
  p('Partners share information that affects the alliance early, report progress monthly, and keep one shared record of decisions.'),
  h('Conflict resolution'),
  p('Partners raise a conflict openly within two weeks, first between the people involved, then through the escalation path; mediation comes before any legal step.'),
  h('Minority protection'),
  p('Smaller partners hold a veto on critical decisions, so that no partner can be outvoted on what it cannot afford to lose.'),
  h('Force majeure'),
  p('No partner is in breach for a failure caused by events beyond its reasonable control; the partners meet within ten days to agree how to continue.'),
  h('Cultural agreements'),
  p('How we work together day to day: language, meeting rhythm, how we give feedback.'),
  h('Exit'),
  p('A partner may leave after a notice period of 90 days. Shared assets are divided as the exit plan sets out. Partners agree to non-disparagement during and after the alliance.'),
];

/** Light mode: a one-page agreement for alliances under six months or under three people. */
export const LIGHT_CHARTER_TEMPLATE: readonly TemplateBlock[] = [
  { type: 'heading', level: 1, text: 'One-page agreement' },
  h('Decision-making'),
  p('We decide together by consensus; the lead partner decides day-to-day execution.'),
  h('Communication'),
  p('We share information early and meet every two weeks.'),
  h('Exit'),
  p('Either partner may leave with a notice period of 30 days; shared assets return to the partner that brought them.'),
];

export function charterTemplate(mode: AllianceMode): readonly TemplateBlock[] {
  return mode === 'light' ? LIGHT_CHARTER_TEMPLATE : FULL_CHARTER_TEMPLATE;
}

/** Writes the starting charter for the mode, only into an empty charter (never over the partners' text; DOC-3). */
export function applyCharterTemplate(fragment: Y.XmlFragment, mode: AllianceMode): boolean {
  if (charterBlocks(fragment).some((block) => block.text.trim().length > 0)) return false;
  if (fragment.length > 0) fragment.delete(0, fragment.length);
  appendCharterBlocks(fragment, charterTemplate(mode));
  return true;
}
