import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { exampleAlliance } from '@trellis/shared';
import { summarize } from './allianceSummary.ts';

const NOW = Date.UTC(2026, 5, 1);

describe('portfolio summary', () => {
  it('counts open commitments and decisions still open, and dates the next review', () => {
    const alliance = exampleAlliance(new Y.Doc(), { now: NOW });
    let summary = summarize(alliance.snapshot(), NOW);
    expect(summary).toMatchObject({ name: 'Green Last Mile', openCommitments: 2, openDecisions: 0, reviewOverdue: false });
    expect(summary.partners.map((p) => p.name)).toEqual(['TechCo', 'LogiCorp', 'GreenAlliance']);
    alliance.proposeDecision({ title: 'Second city', category: 'strategic', deadline: NOW + 86_400_000, createdBy: 'Ada' });
    summary = summarize(alliance.snapshot(), NOW);
    expect(summary.openDecisions).toBe(1);
  });
});
