import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendCharterBlocks } from '../document/charter.ts';
import { passageAnchors } from '../document/charterComments.ts';
import { harbourAlliance } from '../testing/harbourAlliance.ts';
import { observeWrites, type Write } from './localWrites.ts';
import { mayWrite, type Actor, type Verdict } from './rules.ts';
import { can } from './permissions.ts';

const T0 = Date.UTC(2026, 0, 15);
const DAY = 86_400_000;

function setup() {
  const { alliance, tech: techCo, logi: logiCorp, green: greenP, now, tick } = harbourAlliance(T0);
  const [tech, logi, green] = [techCo.id, logiCorp.id, greenP.id];
  /** What the relay would say about each write `action` makes, judged on the document before it. */
  const judge = (actor: Actor, action: () => unknown): { writes: Write[]; refused: (Verdict & { allowed: false })[] } => {
    const before = alliance.snapshot();
    const writes: Write[] = [];
    const stop = observeWrites(alliance.doc, (w) => writes.push(...w));
    action();
    stop();
    const refused = writes.map((w) => mayWrite(actor, w.place, w.change, before, now())).filter((v): v is Verdict & { allowed: false } => !v.allowed);
    return { writes, refused };
  };
  return { alliance, tech, logi, green, judge, tick };
}

describe('authority: the honest app and the relay agree', () => {
  it('AUTH-3..9: what LogiCorp\'s link does for LogiCorp through the document layer is all admitted', () => {
    const { alliance, tech, logi, judge } = setup();
    const me: Actor = { role: 'edit', partnerId: logi };
    const c = alliance.addCommitment({ partnerId: tech, text: 'Ship the API', dueAt: T0 + DAY });
    const d = alliance.proposeDecision({ title: 'Open the Lyon depot', category: 'execution', deadline: T0 + 7 * DAY, createdBy: 'Ana', proposerId: tech });
    const mine = alliance.proposeDecision({ title: 'Hire a driver', category: 'execution', deadline: T0 + 7 * DAY, createdBy: 'Bo', proposerId: logi });
    const actions: [string, () => unknown][] = [
      ['vote', () => alliance.castVote(d.id, logi, 'yes', 'Bo')],
      ['check in', () => alliance.recordCheckIn({ partnerId: logi, by: 'Bo', scores: { openness: 4, reliability: 4, fairness: 3, momentum: 5 } })],
      ['record trust', () => alliance.recordTrust({ by: 'Bo', partnerId: tech, kind: 'transparency', recordedBy: logi })],
      ['add an interest', () => alliance.addInterest({ partnerId: logi, kind: 'red-line', layer: 'strategic', text: 'Keep our depots' })],
      ['make a commitment', () => alliance.addCommitment({ partnerId: logi, text: 'Staff the depot', dueAt: T0 + DAY })],
      ['mark TechCo\'s commitment delivered', () => alliance.resolveCommitment(c.id, 'delivered', 'Bo', logi)],
      ['propose', () => alliance.proposeDecision({ title: 'Hire', category: 'execution', deadline: T0 + DAY, createdBy: 'Bo', proposerId: logi })],
      ['comment', () => alliance.commentOnDecision(d.id, { by: 'Bo', partnerId: logi, text: 'Yes, in May' })],
      ['edit the charter', () => alliance.doc.transact(() => appendCharterBlocks(alliance.charter(), [{ type: 'paragraph', text: 'Exit: 90 days.' }]))],
      ['edit the exit plan', () => alliance.updateExitPlan({ noticePeriodDays: 60 })],
      ['reword its own proposal', () => alliance.rewordDecision(mine.id, { title: 'Hire two drivers' })],
      ['withdraw it', () => alliance.withdrawDecision(mine.id)],
      ['undo the withdrawal', () => alliance.reopenDecision(mine.id)],
      ['give notice', () => alliance.startExit(logi, { effectiveAt: T0 + 90 * DAY })],
    ];
    for (const [what, action] of actions) {
      const { writes, refused } = judge(me, action);
      expect(writes.length, what).toBeGreaterThan(0);
      expect(refused, what).toEqual([]);
    }
  });

  it('AUTH-3, AUTH-6, AUTH-9, AUTH-11: what LogiCorp\'s link would do for TechCo is refused', () => {
    const { alliance, tech, logi, judge } = setup();
    const me: Actor = { role: 'edit', partnerId: logi };
    const d = alliance.proposeDecision({ title: 'Open the Lyon depot', category: 'execution', deadline: T0 + 7 * DAY, createdBy: 'Ana', proposerId: tech });
    const interest = alliance.addInterest({ partnerId: tech, kind: 'red-line', layer: 'strategic', text: 'Our brand' });
    const c = alliance.addCommitment({ partnerId: tech, text: 'Ship the API', dueAt: T0 + DAY });
    const cases: [string, () => unknown, string][] = [
      ['reword TechCo\'s decision', () => alliance.rewordDecision(d.id, { title: 'Close the Lyon depot' }), 'AUTH-4'],
      ['vote as TechCo', () => alliance.castVote(d.id, tech, 'yes', 'Bo'), 'AUTH-3'],
      ['check in as TechCo', () => alliance.recordCheckIn({ partnerId: tech, by: 'Bo', scores: { openness: 1, reliability: 1, fairness: 1, momentum: 1 } }), 'AUTH-6'],
      ['remove TechCo\'s red line', () => alliance.removeInterest(interest.id), 'AUTH-5'],
      ['start TechCo\'s exit', () => alliance.startExit(tech, { effectiveAt: T0 }), 'AUTH-9'],
      ['change the quorum', () => alliance.updateGovernance({ quorum: 0.9 }), 'AUTH-11'],
      ['record an outcome the rules do not give', () => alliance.recordOutcome(d.id, 'passed'), 'AUTH-11'],
      ['add a partner', () => alliance.addPartner({ name: 'Intruder' }), 'AUTH-10'],
      ['cancel TechCo\'s commitment', () => alliance.resolveCommitment(c.id, 'cancelled', 'Bo'), 'AUTH-8'],
    ];
    for (const [what, action, rule] of cases) {
      const { refused } = judge(me, action);
      expect(refused.map((v) => v.rule), what).toContain(rule);
    }
  });

  it('AUTH-16: what the document layer writes for comments on the charter is admitted for the author, refused for another partner', () => {
    const { alliance, tech, logi, judge } = setup();
    const techLink: Actor = { role: 'edit', partnerId: tech };
    const logiLink: Actor = { role: 'edit', partnerId: logi };
    const facilitator: Actor = { role: 'edit', partnerId: null };
    alliance.doc.transact(() => appendCharterBlocks(alliance.charter(), [{ type: 'paragraph', text: 'Exit: 90 days.' }]));
    const text = (alliance.charter().get(0) as Y.XmlElement).get(0) as Y.XmlText;
    let opened: ReturnType<typeof alliance.openCharterThread> | undefined;
    const open = judge(techLink, () => (opened = alliance.openCharterThread({ ...passageAnchors(text, 6, 13), quote: '90 days', partnerId: tech, by: 'Ana', text: 'Too short.' })));
    expect(open.writes.length).toBeGreaterThan(0);
    expect(open.refused).toEqual([]);
    const { thread, comment } = opened!;
    const admitted: [string, Actor, () => unknown][] = [
      ['reply', logiLink, () => alliance.replyOnCharter(thread.id, { partnerId: logi, by: 'Bo', text: 'We need 180.' })],
      ['reply as a facilitator', facilitator, () => alliance.replyOnCharter(thread.id, { partnerId: null, by: 'Sam', text: 'Halfway?' })],
      ['edit its own', techLink, () => alliance.editCharterComment(comment.id, { partnerId: tech }, 'Far too short.')],
      ['resolve', logiLink, () => alliance.resolveCharterThread(thread.id, true, 'Bo')],
      ['reopen', facilitator, () => alliance.resolveCharterThread(thread.id, false, 'Sam')],
    ];
    for (const [what, actor, action] of admitted) {
      const { writes, refused } = judge(actor, action);
      expect(writes.length, what).toBeGreaterThan(0);
      expect(refused, what).toEqual([]);
    }
    const second = alliance.replyOnCharter(thread.id, { partnerId: tech, by: 'Ana', text: 'Or 120.' });
    const removal = judge(techLink, () => alliance.deleteCharterComment(second.id, { partnerId: tech }));
    expect(removal.writes.length).toBeGreaterThan(0);
    expect(removal.refused).toEqual([]);
    // The app's writer refuses another's comment itself; written around it, the table refuses it too.
    const record = alliance.doc.getMap('charterComments').get(comment.id) as Y.Map<unknown>;
    expect(judge(logiLink, () => record.set('text', 'We agree.')).refused.map((v) => v.rule)).toEqual(['AUTH-16']);
    expect(judge(logiLink, () => alliance.doc.getMap('charterComments').delete(comment.id)).refused.map((v) => v.rule)).toEqual(['AUTH-16']);
  });

  it('AUTH-11, AUTH-12: applying a passed change and escalating a due decision are admitted from any partner\'s link', () => {
    const { alliance, tech, logi, green, judge, tick } = setup();
    const me: Actor = { role: 'edit', partnerId: green };
    const change = alliance.proposeChange({ change: { kind: 'quorum', quorum: 1 }, category: 'critical', deadline: T0 + 7 * DAY, createdBy: 'Ana', proposerId: tech });
    alliance.castVote(change.id, tech, 'yes', 'Ana');
    alliance.castVote(change.id, logi, 'yes', 'Bo');
    expect(judge(me, () => alliance.applyPassedDecision(change.id)).refused).toEqual([]);
    expect(alliance.governance().quorum).toBe(1);
    const stale = alliance.proposeDecision({ title: 'Hire', category: 'strategic', deadline: T0 + 60 * DAY, createdBy: 'Ana', proposerId: tech });
    expect(judge(me, () => alliance.escalateDecision(stale.id, 'not yet due')).refused.map((v) => v.rule)).toContain('AUTH-12');
    tick(15 * DAY);
    const again = alliance.proposeDecision({ title: 'Hire again', category: 'strategic', deadline: T0 + 60 * DAY, createdBy: 'Ana', proposerId: tech });
    tick(15 * DAY);
    expect(judge(me, () => alliance.escalateDecision(again.id, 'Escalated automatically')).refused).toEqual([]);
  });

  it('AUTH-10: managing the alliance (its name and purpose, partners renamed and recoloured) is admitted from an owner link only, as `can` tells the app', () => {
    const { alliance, tech, logi, judge } = setup();
    const owner: Actor = { role: 'owner', partnerId: tech };
    const edit: Actor = { role: 'edit', partnerId: logi };
    // Each change is made twice, to a different value each time: once as the owner, once as the edit link.
    const manage: [string, (n: number) => unknown, 'editAllianceSettings' | 'managePartners'][] = [
      ['rename the alliance', (n) => alliance.updateMeta({ name: `Harbour North ${n}` }), 'editAllianceSettings'],
      ['edit its purpose', (n) => alliance.updateMeta({ purpose: `Clean last-mile delivery ${n}` }), 'editAllianceSettings'],
      ['rename a partner', (n) => alliance.updatePartner(logi, { name: `LogiCorp Nordic ${n}` }), 'managePartners'],
      ['recolour a partner', (n) => alliance.updatePartner(logi, { color: n === 1 ? '#0e7490' : '#7c3aed' }), 'managePartners'],
    ];
    for (const [what, change, kind] of manage) {
      const before = alliance.snapshot();
      const ownerVerdict = judge(owner, () => change(1));
      expect(ownerVerdict.writes.length, what).toBeGreaterThan(0);
      expect(ownerVerdict.refused, what).toEqual([]);
      expect(can(owner, { kind }, before, T0).allowed, what).toBe(true);
      expect(judge(edit, () => change(2)).refused.map((v) => v.rule), what).toContain('AUTH-10');
      expect(can(edit, { kind }, alliance.snapshot(), T0).allowed, what).toBe(false);
    }
  });
});
