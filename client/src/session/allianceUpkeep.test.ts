import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { AllianceDocument } from '@trellis/shared';
import { AllianceUpkeep } from './allianceUpkeep.ts';
import type { LinkManager, PartnerLink } from './exitRevocation.ts';

const DAY = 86_400_000;

function setup(links: PartnerLink[] = []) {
  let clock = Date.UTC(2026, 0, 5, 9);
  const alliance = AllianceDocument.create(
    new Y.Doc(),
    { name: 'Upkeep test', mode: 'full', partners: [{ name: 'A' }, { name: 'B' }, { name: 'C' }] },
    { now: () => clock },
  );
  const [a, b, c] = alliance.snapshot().partners.map((p) => p.id) as [string, string, string];
  const revoked: string[] = [];
  let listed = 0;
  const api: LinkManager = {
    async listLinks() {
      listed++;
      return links.map((l) => ({ ...l, revoked: l.revoked || revoked.includes(l.id) }));
    },
    async revokeLink(_id, _secret, linkId) {
      revoked.push(linkId);
    },
  };
  let readOnly = false;
  let owner = true;
  let synced = true;
  let me: string | null = a;
  const upkeep = new AllianceUpkeep({
    alliance,
    allianceId: 'alliance',
    now: () => clock,
    readOnly: () => readOnly,
    links: () => (owner ? { api, ownerSecret: 'owner-secret' } : null),
    synced: () => synced,
    partnerId: () => me,
  });
  return {
    alliance, a, b, c, upkeep, revoked,
    setSynced: (v: boolean) => (synced = v),
    actAs: (id: string | null) => (me = id),
    listed: () => listed,
    advance: (ms: number) => (clock += ms),
    now: () => clock,
    setReadOnly: (v: boolean) => (readOnly = v),
    setOwner: (v: boolean) => (owner = v),
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('alliance upkeep', () => {
  it('escalates on the timer once the time limit passes, with nobody clicking', async () => {
    vi.useFakeTimers();
    const t = setup();
    const d = t.alliance.proposeDecision({ title: 'Pricing', category: 'execution', deadline: t.now() + 30 * DAY, createdBy: 'x' });
    t.upkeep.start(30_000);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.alliance.decision(d.id)!.level).toBe('operational');
    t.advance(15 * DAY);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(t.alliance.decision(d.id)!.level).toBe('steering');
    t.upkeep.stop();
  });

  it('escalates right after a change that blocks consensus', async () => {
    vi.useFakeTimers();
    const t = setup();
    t.upkeep.start(60_000);
    const d = t.alliance.proposeDecision({ title: 'Market', category: 'strategic', deadline: t.now() + 30 * DAY, createdBy: 'x' });
    t.alliance.castVote(d.id, t.a, 'no', 'Ann');
    await vi.advanceTimersByTimeAsync(1);
    expect(t.alliance.decision(d.id)!.status).toBe('escalated');
    t.upkeep.stop();
  });

  it('completes a due exit and revokes that partner’s links once', async () => {
    const links: PartnerLink[] = [];
    const t2 = setup(links);
    // Links carry the real partner ids, which exist once the alliance does.
    links.push({ id: 'a-edit', label: 'A', revoked: false, partnerId: t2.a }, { id: 'b-edit', label: 'B', revoked: false, partnerId: t2.b });
    t2.alliance.startExit(t2.a, { effectiveAt: t2.now() + DAY });
    let result = await t2.upkeep.run();
    expect(result.exitsCompleted).toEqual([]);
    expect(t2.revoked).toEqual([]);
    t2.advance(2 * DAY);
    result = await t2.upkeep.run();
    expect(result.exitsCompleted).toEqual([t2.a]);
    expect(t2.alliance.snapshot().partners.find((p) => p.id === t2.a)!.status).toBe('exited');
    expect(t2.revoked).toEqual(['a-edit']);
    const listed = t2.listed();
    await t2.upkeep.run();
    expect(t2.listed()).toBe(listed);
  });

  it('a read-only copy changes nothing, and a device without the owner secret revokes nothing', async () => {
    const t = setup();
    const d = t.alliance.proposeDecision({ title: 'Pricing', category: 'execution', deadline: t.now() + 30 * DAY, createdBy: 'x' });
    t.alliance.startExit(t.a, { effectiveAt: t.now() + DAY });
    t.advance(20 * DAY);
    t.setReadOnly(true);
    await t.upkeep.run();
    expect(t.alliance.decision(d.id)!.level).toBe('operational');
    t.setReadOnly(false);
    t.setOwner(false);
    const result = await t.upkeep.run();
    expect(result.escalated).toHaveLength(1);
    expect(result.exitsCompleted).toEqual([t.a]);
    expect(t.listed()).toBe(0);
  });

  it('CHG-3: applies a passed change once, on a synced copy, as the partner whose vote decided it', async () => {
    const t = setup();
    const d = t.alliance.proposeChange({ change: { kind: 'quorum', quorum: 1 }, category: 'critical', deadline: t.now() + 14 * DAY, createdBy: 'Ann', proposerId: t.a });
    t.alliance.castVote(d.id, t.a, 'yes', 'Ann');
    t.advance(1000);
    t.alliance.castVote(d.id, t.b, 'yes', 'Bo');
    // C is offline and has not voted: two of three weights pass a weighted majority, finally.
    t.setSynced(false);
    t.actAs(t.b);
    expect((await t.upkeep.run()).closed).toEqual([]);
    t.setSynced(true);
    // A did not cast the deciding vote: it waits, so two devices do not both close it.
    t.actAs(t.a);
    expect((await t.upkeep.run()).closed).toEqual([]);
    t.actAs(t.b);
    const result = await t.upkeep.run();
    expect(result.closed).toEqual([{ decisionId: d.id, title: 'Change quorum from 50 % to 100 %', outcome: 'passed', applied: true }]);
    const decided = t.alliance.decision(d.id)!;
    expect([decided.status, decided.outcome, decided.appliedAt]).toEqual(['decided', 'passed', t.now()]);
    expect(t.alliance.governance().quorum).toBe(1);
    expect((await t.upkeep.run()).closed).toEqual([]);
  });

  it('CHG-4: records the outcome the rules give, and anyone closes it once the decider has had its grace', async () => {
    const t = setup();
    const d = t.alliance.proposeDecision({ title: 'Depot', category: 'critical', deadline: t.now() + 14 * DAY, createdBy: 'Ann', proposerId: t.a });
    t.alliance.castVote(d.id, t.b, 'no', 'Bo');
    t.alliance.castVote(d.id, t.c, 'no', 'Cy');
    t.actAs(t.a);
    expect((await t.upkeep.run()).closed).toEqual([]);
    t.advance(10 * 60_000);
    expect((await t.upkeep.run()).closed.map((c) => c.outcome)).toEqual(['rejected']);
    expect(t.alliance.decision(d.id)!.outcome).toBe('rejected');
  });

  it('CHG-4: a deadlock goes to the steering committee, which closes it only once its deadline has passed (ESC-3)', async () => {
    const t = setup();
    const d = t.alliance.proposeDecision({ title: 'Weekend', category: 'execution', deadline: t.now() + 14 * DAY, createdBy: 'Ann', proposerId: t.a });
    t.alliance.castVote(d.id, t.a, 'yes', 'Ann');
    t.alliance.castVote(d.id, t.b, 'no', 'Bo');
    t.alliance.castVote(d.id, t.c, 'abstain', 'Cy');
    t.advance(20 * 60_000);
    await t.upkeep.run();
    await t.upkeep.run();
    expect([t.alliance.decision(d.id)!.status, t.alliance.decision(d.id)!.level]).toEqual(['escalated', 'steering']);
    t.advance(60 * DAY);
    expect((await t.upkeep.run()).closed.map((c) => c.outcome)).toEqual(['deadlocked']);
    expect(t.alliance.decision(d.id)!.status).toBe('decided');
  });

  it('CHG-5, CHG-7: escalations and exits are written once: by the deciding voter or the leaving partner, others after a grace, none offline', async () => {
    const t = setup();
    const d = t.alliance.proposeDecision({ title: 'Market', category: 'strategic', deadline: t.now() + 30 * DAY, createdBy: 'x', proposerId: t.a });
    t.alliance.castVote(d.id, t.b, 'no', 'Bo');
    t.alliance.startExit(t.c, { effectiveAt: t.now() + 60_000 });
    t.advance(2 * 60_000);
    t.actAs(t.a);
    t.setSynced(false);
    expect(await t.upkeep.run()).toMatchObject({ escalated: [], exitsCompleted: [] });
    t.setSynced(true);
    expect(await t.upkeep.run()).toMatchObject({ escalated: [], exitsCompleted: [] });
    t.actAs(t.b);
    expect((await t.upkeep.run()).escalated.map((e) => e.decisionId)).toEqual([d.id]);
    t.actAs(t.a);
    t.advance(10 * 60_000);
    expect((await t.upkeep.run()).exitsCompleted).toEqual([t.c]);
  });
});
