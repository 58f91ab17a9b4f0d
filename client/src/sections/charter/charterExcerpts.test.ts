import { describe, expect, it } from 'vitest';
import type { CharterBlock } from '@trellis/shared';
import { governanceExcerpts } from './charterExcerpts.ts';

const block = (index: number, type: CharterBlock['type'], text: string, level = 0): CharterBlock => ({ index, type, level, text });

describe('charter excerpts beside the governance form', () => {
  it('takes the section under the matching heading, up to the next heading of its level', () => {
    const blocks = [
      block(0, 'heading', 'Governance charter', 1),
      block(1, 'heading', 'Decision-making', 2),
      block(2, 'paragraph', 'Strategic decisions by consensus.'),
      block(3, 'heading', 'Details', 3),
      block(4, 'paragraph', 'Quorum two thirds.'),
      block(5, 'heading', 'Escalation path', 2),
      block(6, 'paragraph', 'Operational team, then the steering committee.'),
    ];
    const [decisions, escalation, minority] = governanceExcerpts(blocks);
    expect(decisions).toEqual({ topic: 'Decision-making', heading: 'Decision-making', paragraphs: ['Strategic decisions by consensus.', 'Details', 'Quorum two thirds.'] });
    expect(escalation!.paragraphs).toEqual(['Operational team, then the steering committee.']);
    expect(minority).toEqual({ topic: 'Minority protection', heading: null, paragraphs: [] });
  });

  it('falls back to paragraphs that mention the topic', () => {
    const blocks = [block(0, 'paragraph', 'GreenAlliance holds a veto on critical matters.')];
    expect(governanceExcerpts(blocks)[2]!.paragraphs).toEqual(['GreenAlliance holds a veto on critical matters.']);
  });
});
