import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AllianceDocument } from '@trellis/shared';
import { choicesFor, decisionsBoard, liveDecisionCount } from './decisionsBoard.ts';

const DAY = 86_400_000;

function setup() {
  let clock = Date.UTC(2026, 0, 5, 9);
  const alliance = AllianceDocument.create(
    new Y.Doc(),
    {
      name: 'Board test',
      mode: 'full',
      partners: [
        { name: 'TechCo', votingWeight: 40 },
        { name: 'LogiCorp', votingWeight: 40 },
        { name: 'GreenAlliance', votingWeight: 20, minorityProtected: true },
      ],
    },
    { now: () => clock },
  );
  const [tech, logi, green] = alliance.snapshot().partners.map((p) => p.id) as [string, string, string];
  return { alliance, tech, logi, green, at: (ms: number) => (clock = ms), now: () => clock };
}

describe('decisions board', () => {
  it('offers a veto only to a minority-protected partner on a veto category', () => {
    const { alliance, tech, green } = setup();
    const snap = alliance.snapshot();
    const partner = (id: string) => snap.partners.find((p) => p.id === id);
    const critical = { category: 'critical', status: 'open' } as const;
    const strategic = { category: 'strategic', status: 'open' } as const;
    expect(choicesFor(partner(green), critical, snap.governance)).toEqual(['yes', 'no', 'abstain', 'veto']);
    expect(choicesFor(partner(green), strategic, snap.governance)).toEqual(['yes', 'no', 'abstain']);
    expect(choicesFor(partner(tech), critical, snap.governance)).toEqual(['yes', 'no', 'abstain']);
    expect(choicesFor(partner(tech), { category: 'critical', status: 'decided' }, snap.governance)).toEqual([]);
    expect(choicesFor(undefined, critical, snap.governance)).toEqual([]);
  });

  it('shows the live outcome, my vote, and a vote cast after the deadline as late', () => {
    const { alliance, tech, logi, green, at, now } = setup();
    const d = alliance.proposeDecision({ title: 'Second city', category: 'critical', deadline: now() + 2 * DAY, createdBy: 'Amira' });
    alliance.castVote(d.id, tech, 'yes', 'Jonas');
    let board = decisionsBoard(alliance.snapshot(), tech, now());
    expect(board.open).toHaveLength(1);
    expect(board.open[0]!.result.outcome).toBe('pending');
    expect(board.open[0]!.myVote?.choice).toBe('yes');

    alliance.castVote(d.id, logi, 'yes', 'Pieter');
    board = decisionsBoard(alliance.snapshot(), green, now());
    // 80 of 100 weight is yes, but GreenAlliance may still veto a critical decision.
    expect(board.open[0]!.result.outcome).toBe('pending');
    expect(board.open[0]!.choices).toContain('veto');

    at(now() + 3 * DAY);
    alliance.castVote(d.id, green, 'veto', 'Amira');
    board = decisionsBoard(alliance.snapshot(), green, now());
    const view = board.open[0]!;
    expect(view.pastDeadline).toBe(true);
    expect(view.ballot.find((b) => b.partner.id === green)?.late).toBe(true);
    expect(view.result.outcome).toBe('passed');
  });

  it('sorts decisions into open, with the steering committee, and closed', () => {
    const { alliance, now } = setup();
    const a = alliance.proposeDecision({ title: 'A', category: 'execution', deadline: now() + DAY, createdBy: 'x' });
    const b = alliance.proposeDecision({ title: 'B', category: 'strategic', deadline: now() + DAY, createdBy: 'x' });
    const c = alliance.proposeDecision({ title: 'C', category: 'strategic', deadline: now() + DAY, createdBy: 'x' });
    alliance.escalateDecision(b.id, 'by hand');
    alliance.recordOutcome(c.id, 'passed');
    const board = decisionsBoard(alliance.snapshot(), null, now());
    expect(board.open.map((v) => v.decision.id)).toEqual([a.id]);
    expect(board.steering.map((v) => v.decision.id)).toEqual([b.id]);
    expect(board.closed.map((v) => v.decision.id)).toEqual([c.id]);
    expect(board.steering[0]!.choices).toEqual([]);
    expect(liveDecisionCount(alliance.snapshot())).toBe(2);
  });
});
