/**
 * The charter's own words on a topic — its "Decision-making" or "Escalation path" section — so the
 * governance form can be read beside the text that describes it.
 */
import type { CharterBlock } from '@trellis/shared';

export interface CharterExcerpt {
  topic: string;
  heading: string | null;
  /** Paragraphs under the heading, or the paragraphs that mention the topic when no heading names it. */
  paragraphs: string[];
}

export const GOVERNANCE_TOPICS: readonly { topic: string; words: RegExp }[] = [
  { topic: 'Decision-making', words: /decision|decide|voting/i },
  { topic: 'Escalation path', words: /escalat|steering committee/i },
  { topic: 'Minority protection', words: /minority|veto/i },
];

/** The section under the first heading that matches, else up to three paragraphs that mention it. */
export function charterExcerpt(blocks: readonly CharterBlock[], topic: string, words: RegExp): CharterExcerpt {
  const start = blocks.findIndex((b) => b.type === 'heading' && words.test(b.text));
  if (start >= 0) {
    const heading = blocks[start]!;
    const paragraphs: string[] = [];
    for (let i = start + 1; i < blocks.length; i++) {
      const b = blocks[i]!;
      if (b.type === 'heading' && b.level <= heading.level) break;
      if (b.text.trim()) paragraphs.push(b.text.trim());
    }
    return { topic, heading: heading.text.trim(), paragraphs };
  }
  const mentions = blocks.filter((b) => b.type !== 'heading' && words.test(b.text)).slice(0, 3);
  return { topic, heading: null, paragraphs: mentions.map((b) => b.text.trim()) };
}

export function governanceExcerpts(blocks: readonly CharterBlock[]): CharterExcerpt[] {
  return GOVERNANCE_TOPICS.map(({ topic, words }) => charterExcerpt(blocks, topic, words));
}
