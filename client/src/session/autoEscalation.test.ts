import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AllianceDocument } from '@trellis/shared';
import { dueEscalations, escalateDue } from './autoEscalation.ts';

const DAY = 86_400_000;

function setup() {
  let clock = Date.UTC(2026, 0, 5, 9);
  const doc = new Y.Doc();
  const alliance = AllianceDocument.create(
    doc,
    { name: 'Escalation test', mode: 'full', partners: [{ name: 'A' }, { name: 'B' }, { name: 'C' }] },
    { now: () => clock },
  );
  const [a, b] = alliance.snapshot().partners.map((p) => p.id) as [string, string, string];
  return { doc, alliance, a, b, at: (ms: number) => (clock = ms), now: () => clock };
}

describe('automatic escalation', () => {
  it('moves a decision past its operational time limit to the steering committee', () => {
    const { alliance, now, at } = setup();
    const d = alliance.proposeDecision({ title: 'Pricing', category: 'execution', deadline: now() + 30 * DAY, createdBy: 'x' });
    expect(escalateDue(alliance, now())).toEqual([]);
    at(now() + 15 * DAY); // the default operational time limit is 14 days
    const moved = escalateDue(alliance, now());
    expect(moved.map((m) => m.decisionId)).toEqual([d.id]);
    const after = alliance.decision(d.id)!;
    expect(after.level).toBe('steering');
    expect(after.status).toBe('escalated');
    expect(after.escalationReason).toMatch(/^Escalated automatically: Open for more than 14 days/);
    // Idempotent: nothing more to do.
    expect(escalateDue(alliance, now())).toEqual([]);
  });

  it('moves a blocked consensus decision at once', () => {
    const { alliance, a, now } = setup();
    const d = alliance.proposeDecision({ title: 'New market', category: 'strategic', deadline: now() + 10 * DAY, createdBy: 'x' });
    alliance.castVote(d.id, a, 'no', 'Ann');
    expect(dueEscalations(alliance.snapshot(), now()).map((e) => e.decisionId)).toEqual([d.id]);
    escalateDue(alliance, now());
    expect(alliance.decision(d.id)!.level).toBe('steering');
  });

  it('two peers escalating the same decision at once converge on one escalated decision', () => {
    const { doc, alliance, a, now } = setup();
    const d = alliance.proposeDecision({ title: 'New market', category: 'strategic', deadline: now() + 10 * DAY, createdBy: 'x' });
    alliance.castVote(d.id, a, 'no', 'Ann');
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    const peer = new AllianceDocument(other, { now });
    escalateDue(alliance, now());
    escalateDue(peer, now());
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
    for (const copy of [alliance, peer]) {
      const decisions = copy.snapshot().decisions;
      expect(decisions).toHaveLength(1);
      expect(decisions[0]!.status).toBe('escalated');
      expect(decisions[0]!.level).toBe('steering');
    }
  });

  it('leaves a passed decision alone', () => {
    const { alliance, a, b, now, at } = setup();
    alliance.updateGovernance({ rules: { strategic: 'majority', execution: 'majority', critical: 'majority' } });
    const d = alliance.proposeDecision({ title: 'Logo', category: 'execution', deadline: now() + 30 * DAY, createdBy: 'x' });
    alliance.castVote(d.id, a, 'yes', 'Ann');
    alliance.castVote(d.id, b, 'yes', 'Ben');
    at(now() + 20 * DAY);
    expect(escalateDue(alliance, now())).toEqual([]);
  });
});
