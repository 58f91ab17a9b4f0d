import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { exampleAlliance } from '@trellis/shared/example';
import { summarize, yourPlace } from './allianceSummary.ts';

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

  it('tells two alliances of the same name apart: when each started, and your role and partner in it', () => {
    const first = exampleAlliance(new Y.Doc(), { now: NOW }).snapshot();
    const second = exampleAlliance(new Y.Doc(), { now: NOW + 86_400_000 }).snapshot();
    expect(summarize(first, NOW).startedAt).not.toBe(summarize(second, NOW).startedAt);
    const [techCo, logiCorp] = first.partners;
    expect(yourPlace({ role: 'owner', partnerId: techCo!.id }, first.partners)).toBe('Owner, for TechCo');
    expect(yourPlace({ role: 'edit', partnerId: logiCorp!.id }, first.partners)).toBe('Can edit, for LogiCorp');
    expect(yourPlace({ role: 'view', partnerId: null }, first.partners)).toBe('View only');
    // A revoked or unknown link edits nothing any more: the card does not say it can.
    expect(yourPlace({ role: 'edit', partnerId: logiCorp!.id, refusedCode: 4403 }, first.partners)).toBe('Read-only, for LogiCorp');
    expect(yourPlace({ role: 'edit', partnerId: logiCorp!.id, refusedCode: null }, first.partners)).toBe('Can edit, for LogiCorp');
  });

  it('says nothing of a start date the document does not hold', () => {
    const doc = new Y.Doc();
    const alliance = exampleAlliance(doc, { now: NOW });
    doc.getMap('meta').delete('createdAt');
    expect(summarize(alliance.snapshot(), NOW).startedAt).toBeNull();
  });
});
